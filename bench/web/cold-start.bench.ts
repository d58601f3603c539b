// Cold start of the built web host: spawn → first HTTP 200 on `/`, against a bare Node
// HTTP server started the same way (the floor: Node's own start-up), alternated, median.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from '../report';
import { HOST_ENTRY, HOST_ENV, freePort, median, requireBuiltHost, timeToFirst200 } from './web-host';

const TARGET_MS = 3000;

async function bare(): Promise<number> {
  const port = await freePort();
  return timeToFirst200(
    process.execPath,
    ['-e', `require('http').createServer((q,r)=>r.end()).listen(${port}, '127.0.0.1')`],
    `http://127.0.0.1:${port}/`,
  );
}

async function host(dataDir: string): Promise<number> {
  const port = await freePort();
  return timeToFirst200(
    process.execPath,
    [HOST_ENTRY, '--data-dir', dataDir, '--port', String(port)],
    `http://127.0.0.1:${port}/`,
    { env: HOST_ENV },
  );
}

/**
 * `runs` alternated measurements each: bare node, the host on a new empty data folder (first
 * launch: database created and migrated), and — when given — the host on a data folder that
 * already holds many documents.
 */
export async function benchColdStart(
  options: { runs?: number; seeded?: { dataDir: string; label: string } } = {},
): Promise<BenchResult[]> {
  requireBuiltHost();
  const runs = options.runs ?? 5;
  const base: number[] = [];
  const fresh: number[] = [];
  const seeded: number[] = [];
  await bare(); // warm the file cache for node itself, not counted
  for (let i = 0; i < runs; i++) {
    base.push(await bare());
    const dir = mkdtempSync(join(tmpdir(), 'sceau-bench-cold-'));
    try {
      fresh.push(await host(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (options.seeded) seeded.push(await host(options.seeded.dataDir));
  }
  const b = median(base);
  const baseline = { name: 'bare node http.createServer', value: Math.round(b), unit: 'ms' };
  const row = (label: string, values: number[]): BenchResult => {
    const m = median(values);
    return {
      name: `web host cold start, spawn → first HTTP 200 on / (${label}, median of ${values.length})`,
      value: Math.round(m),
      unit: `ms (${(m / b).toFixed(1)}× bare node; runs ${values.map((v) => Math.round(v)).join(', ')})`,
      target: `< ${TARGET_MS} ms`,
      pass: m < TARGET_MS,
      baseline,
    };
  };
  const out = [row('new data folder', fresh)];
  if (options.seeded) out.push(row(options.seeded.label, seeded));
  return out;
}
