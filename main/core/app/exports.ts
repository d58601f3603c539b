// Files produced for the user (receipts, evidence packages, diagnostics, originals): kept
// under <dataDir>/exports and handed out by an opaque id, never by a path from the renderer.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface ExportEntry {
  path: string;
  fileName: string;
}

export class ExportRegistry {
  private readonly entries = new Map<string, ExportEntry>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A fresh folder for one export; the caller writes its file there and registers it. */
  newSlot(): { id: string; dir: string } {
    const id = randomUUID();
    const dir = path.join(this.dir, id);
    mkdirSync(dir, { recursive: true });
    return { id, dir };
  }

  register(id: string, entry: ExportEntry): void {
    this.entries.set(id, entry);
  }

  resolve(id: string): ExportEntry | null {
    return this.entries.get(id) ?? null;
  }
}
