// Worker entry, three uses: seal one large file off the main thread (workerData.mode absent),
// or serve a SealPool: seal batches of small files with blocking calls (mode 'pool'), or
// read and write for a large file's seal while another seal worker hashes (mode 'pipe').
import { registerHooks } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { DigestAlgorithm } from '../../contract/types';
import type { SealBatch } from './seal-batch';
import type { PipeJob } from './seal-pipe';
import { stat } from 'node:fs/promises';

// Unbundled runs (node on .ts sources) use extensionless relative imports like the
// bundler does: retry them with `.ts`. A no-op when bundled.
if (typeof registerHooks === 'function') {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (e) {
        if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier))
          return nextResolve(`${specifier}.ts`, context);
        throw e;
      }
    },
  });
}

interface Job {
  mode?: undefined;
  source: string;
  vaultDir: string;
  algorithm: DigestAlgorithm;
  maxAttempts?: number;
  retryDelayMs?: number;
  directIo?: boolean;
  pipeline?: { chunkBytes?: number; slots?: number };
}

const data = workerData as Job | { mode: 'pool' } | PipeJob;

if (data.mode === 'pool') {
  const { sealBatchSync } = await import('./seal-batch');
  parentPort?.on('message', (m: { id: number; batch: SealBatch }) => {
    parentPort?.postMessage({ id: m.id, outcomes: sealBatchSync(m.batch) });
  });
} else if (data.mode === 'pipe') {
  // The reading and writing half of a large file's seal (seal-pipe.ts).
  const { runPipeCompanion } = await import('./seal-pipe');
  await runPipeCompanion(data, (o) => parentPort?.postMessage(o));
} else {
  const job = data;
  const { sealWithRetries, sealOnce, SealError } = await import('./seal-core');
  const { sealOncePiped, pipeAvailable, PIPE_CHUNK } = await import('./seal-pipe');
  const self = new URL(import.meta.url);
  const options = {
    algorithm: job.algorithm,
    maxAttempts: job.maxAttempts,
    retryDelayMs: job.retryDelayMs,
    directIo: job.directIo,
    pipeline: job.pipeline,
    onProgress: (bytes: number, totalBytes: number) => parentPort?.postMessage({ kind: 'progress', bytes, totalBytes }),
  };
  // Large files: hash here, read and write on a companion thread (two chunks at least, or
  // the companion's start-up is not worth it).
  const size = await stat(job.source).then(
    (s) => s.size,
    () => 0,
  );
  const piped = pipeAvailable() && size >= 2 * (job.pipeline?.chunkBytes ?? PIPE_CHUNK);
  sealWithRetries(
    job.source,
    job.vaultDir,
    options,
    piped ? (source, vaultDir, o) => sealOncePiped(self, source, vaultDir, o) : sealOnce,
  ).then(
    (result) => parentPort?.postMessage({ kind: 'done', result }),
    (e: unknown) =>
      parentPort?.postMessage({
        kind: 'error',
        code: e instanceof SealError ? e.code : 'io',
        message: e instanceof Error ? e.message : String(e),
      }),
  );
}
