// Size-based rotation: sceau.log, sceau.1.log … sceau.(N-1).log. Writes are synchronous so
// the last lines before a crash are on disk; logs are small and rare enough for that.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  baseName?: string;
  /** Rotate when the current file would exceed this size. Default 2 MiB. */
  maxBytes?: number;
  /** Total files kept, current included. Default 5. */
  maxFiles?: number;
}

export class RotatingFile {
  readonly dir: string;
  private readonly baseName: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private fd: number | null = null;
  private size = 0;

  constructor(options: RotatingFileOptions) {
    this.dir = options.dir;
    this.baseName = options.baseName ?? 'sceau';
    this.maxBytes = Math.max(1024, options.maxBytes ?? 2 * 1024 * 1024);
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
  }

  /** Path of the n-th file (0 = current). */
  pathOf(index: number): string {
    return join(this.dir, index === 0 ? `${this.baseName}.log` : `${this.baseName}.${index}.log`);
  }

  write(line: string): void {
    const bytes = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
    this.ensureOpen();
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    if (this.fd === null) return;
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private ensureOpen(): void {
    if (this.fd !== null) return;
    mkdirSync(this.dir, { recursive: true });
    // 0o600: logs may name files and communes; other local users have no business there.
    this.fd = openSync(this.pathOf(0), 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    const last = this.pathOf(this.maxFiles - 1);
    if (existsSync(last)) rmSync(last, { force: true });
    for (let i = this.maxFiles - 2; i >= 0; i--) {
      const from = this.pathOf(i);
      if (existsSync(from)) renameSync(from, this.pathOf(i + 1));
    }
    if (this.maxFiles === 1) rmSync(this.pathOf(0), { force: true });
    this.ensureOpen();
  }
}
