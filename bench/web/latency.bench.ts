// Detect → sealed latency: files written one by one into a folder watched by a real
// CaptureService (native watcher, small stability delay); the clock runs from the moment
// the file is closed to the `document.state → sealed` event (emitted after the SQLite
// commit, so the seal is durable).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureService } from '../../main/core/capture/service';
import { EventBus } from '../../main/core/events';
import { openDatabase } from '../../main/core/store/db';
import { DocumentRepository } from '../../main/core/store/documents';
import { ProfileRepository } from '../../main/core/store/profiles';
import { WatchedFolderRepository } from '../../main/core/store/watched-folders';
import type { BenchResult } from '../report';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export async function benchDetectToSealed(
  options: { files?: number; stabilityDelayMs?: number; gapMs?: number; sizeBytes?: number } = {},
): Promise<BenchResult[]> {
  const files = options.files ?? 100;
  const stabilityDelayMs = options.stabilityDelayMs ?? 300;
  const gapMs = options.gapMs ?? 40;
  const sizeBytes = options.sizeBytes ?? 64 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'sceau-bench-latency-'));
  const db = openDatabase(join(dir, 'sceau.db'));
  const bus = new EventBus();
  const service = new CaptureService({ db, vaultDir: join(dir, 'vault'), bus, settings: { stabilityDelayMs } });
  try {
    const watched = join(dir, 'Actes');
    mkdirSync(watched);
    const profileId = new ProfileRepository(db).create({ name: 'Bench', archiveKind: 'demo' }).id;
    new WatchedFolderRepository(db).add({ profileId, path: watched, mode: 'native' });
    const docs = new DocumentRepository(db);
    const written = new Map<string, number>();
    const latencies: number[] = [];
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((r) => (resolveAll = r));
    bus.on((e) => {
      if (e.type !== 'document.state' || e.to !== 'sealed') return;
      const at = performance.now();
      const source = docs.get(e.documentId)?.sourcePath;
      const t0 = source ? written.get(source) : undefined;
      if (t0 === undefined) return;
      written.delete(source as string);
      latencies.push(at - t0);
      if (latencies.length === files) resolveAll();
    });
    await service.start();
    if (service.watchModeOf(new WatchedFolderRepository(db).list(profileId)[0]?.id ?? '') !== 'native') {
      throw new Error('the native watcher did not start');
    }
    const payload = randomBytes(sizeBytes);
    for (let i = 0; i < files; i++) {
      const file = join(watched, `CM 12.03.2024 - DEL ${i + 1} - Objet ${i}.pdf`);
      payload.writeUInt32LE(i, 0); // distinct content: no "duplicate" shortcut
      writeFileSync(file, payload);
      written.set(file, performance.now());
      await new Promise((r) => setTimeout(r, gapMs));
    }
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`only ${latencies.length}/${files} files sealed after 60 s`)), 60_000).unref(),
    );
    await Promise.race([all, timeout]);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const limit = stabilityDelayMs + 1000;
    const what = `${files} × ${sizeBytes / 1024} KiB files, one every ${gapMs} ms, stability delay ${stabilityDelayMs} ms`;
    return [
      {
        name: `capture: detect → sealed latency p50 (${what})`,
        value: Math.round(p50),
        unit: 'ms',
        target: `< ${stabilityDelayMs + 500} ms (stability delay + 0.5 s)`,
        pass: p50 < stabilityDelayMs + 500,
      },
      {
        name: `capture: detect → sealed latency p95 (${what})`,
        value: Math.round(p95),
        unit: `ms (max ${Math.round(sorted.at(-1) ?? Number.NaN)} ms)`,
        target: `< ${limit} ms (stability delay + 1 s)`,
        pass: p95 < limit,
      },
    ];
  } finally {
    await service.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
