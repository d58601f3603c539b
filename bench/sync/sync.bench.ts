// Sync benchmarks for `npm run bench`: a 2 GiB deposit through the throttle (memory stays
// flat, the rate holds the limit) and an unthrottled upload to the demo archive vs curl -T.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, ftruncateSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoArchive } from '../../main/demo-archive/server';

import type { BenchResult } from '../report';

export type { BenchResult };

const here = fileURLToPath(new URL('.', import.meta.url));
const MiB = 1024 * 1024;

async function upload(
  url: string,
  file: string,
  rate: number | null,
): Promise<{ seconds: number; bytes: number; maxRssMiB: number }> {
  // A child process, so its RSS is the uploader's alone; async, so a server in this process keeps serving.
  const hooks = join(here, '..', 'capture', 'ts-hooks.ts');
  const child = spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      hooks,
      join(here, 'upload-child.ts'),
      url,
      file,
      String(rate),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const status = await new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (status !== 0 || !line.startsWith('{')) throw new Error(`upload child failed: ${err.slice(-2000)}`);
  return JSON.parse(line) as { seconds: number; bytes: number; maxRssMiB: number };
}

/** A minimal ingest endpoint that drains the body and answers like Vitam (202). */
async function sink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(202, {
        'X-Request-Id': 'aeeaaaaaagbench',
        'X-Global-Execution-State': 'PAUSE',
        'X-Global-Execution-Status': 'UNKNOWN',
        'Content-Type': 'application/json',
      });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function writeRandomFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const chunk = randomBytes(MiB);
  for (let done = 0; done < bytes; done += MiB) writeSync(fd, chunk, 0, Math.min(MiB, bytes - done));
  closeSync(fd);
}

export async function benchThrottledDeposit(sizeBytes = 2 * 1024 * MiB, rate = 200 * MiB): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-bench-sync-'));
  const s = await sink();
  try {
    const file = join(dir, 'sip.zip');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, sizeBytes); // sparse: content does not matter for the throttle
    closeSync(fd);
    const m = await upload(s.url, file, rate);
    const measured = m.bytes / m.seconds;
    const ratio = measured / rate;
    return [
      {
        name: 'sync: 2 GiB deposit through the throttle, peak RSS',
        value: Math.round(m.maxRssMiB),
        unit: 'MiB',
        target: '< 250 MiB',
        pass: m.maxRssMiB < 250,
      },
      {
        name: `sync: throttled rate vs limit (${rate / MiB} MiB/s)`,
        value: Number((measured / MiB).toFixed(1)),
        unit: `MiB/s (${(ratio * 100).toFixed(1)} % of the limit, ${m.seconds.toFixed(1)} s)`,
        target: 'within ±10 % of the limit',
        pass: Math.abs(ratio - 1) <= 0.1,
      },
    ];
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchUploadVsCurl(sizeBytes = 256 * MiB): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-bench-sync-'));
  const archive = await startDemoArchive({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'archive'),
    maxBodyBytes: 2 * sizeBytes,
  });
  try {
    const file = join(dir, 'sip.zip'); // not a valid SIP: the archive refuses it later, after the upload we time
    writeRandomFile(file, sizeBytes);
    const ingest = `${archive.vitamUrl}/ingest-external/v1/ingests`;
    const curl = async () => {
      const t0 = performance.now();
      const c = spawn(
        'curl',
        [
          '-sS',
          '-o',
          '/dev/null',
          '-T',
          file,
          '-X',
          'POST',
          '-H',
          'X-Tenant-Id: 0',
          '-H',
          'X-Context-Id: DEFAULT_WORKFLOW',
          '-H',
          'X-Action: RESUME',
          '-H',
          'Content-Type: application/octet-stream',
          '-H',
          'Expect:',
          ingest,
        ],
        { stdio: 'ignore' },
      );
      const code = await new Promise<number | null>((r) => c.on('exit', (x) => r(x)));
      if (code !== 0) throw new Error(`curl failed (${code})`);
      return (performance.now() - t0) / 1000;
    };
    // Best of two each, alternated, same server, same run.
    const sceau: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 2; i++) {
      base.push(await curl());
      sceau.push((await upload(archive.vitamUrl, file, null)).seconds);
    }
    const sRate = sizeBytes / Math.min(...sceau) / MiB;
    const cRate = sizeBytes / Math.min(...base) / MiB;
    return {
      name: `sync: unthrottled upload of ${sizeBytes / MiB} MiB to the demo archive`,
      value: Number(sRate.toFixed(1)),
      unit: `MiB/s (${(sRate / cRate).toFixed(2)}× curl)`,
      target: '≥ 0.9× curl -T',
      pass: sRate >= 0.9 * cRate,
      baseline: { name: 'curl -T', value: Number(cRate.toFixed(1)), unit: 'MiB/s' },
    };
  } finally {
    await archive.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSyncBenchmarks(): Promise<BenchResult[]> {
  return [...(await benchThrottledDeposit()), await benchUploadVsCurl()];
}

// `node --experimental-transform-types --import ./bench/capture/ts-hooks.ts bench/sync/sync.bench.ts` prints the results.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await runSyncBenchmarks()) process.stdout.write(JSON.stringify(r) + '\n');
}
