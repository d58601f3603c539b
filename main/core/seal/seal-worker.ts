// Worker entry, three uses: seal one large file off the main thread (workerData.mode absent),
// or serve a SealPool: seal batches of small files with blocking calls (mode 'pool'), or
// hash a large file's chunks from a shared ring while the caller reads and writes them
// (mode 'hash', seal-pipe.ts).
import { registerHooks } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { DigestAlgorithm } from '../../contract/types';
import type { PoolMessage } from './seal-pool';
import type { HashJob } from './seal-pipe';

// Unbundled runs (node on .ts sources) use extensionless relative imports like the
// bundler does: retry them with `.ts`. Not registered when bundled (nothing to resolve; the
// hook costs each worker's start a few ms).
if (typeof registerHooks === 'function' && import.meta.url.endsWith('.ts')) {
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
  followSymlinks?: boolean;
}

const data = workerData as Job | { mode: 'pool'; vaultDir?: string; barrierClock?: SharedArrayBuffer } | HashJob;

if (data.mode === 'pool') {
  const { sealBatchSync } = await import('./seal-batch');
  // The pool's workers share when a barrier last succeeded (seal/barrier-clock.ts).
  if (data.barrierClock) (await import('./barrier-clock')).useBarrierClock(data.barrierClock);
  // Started ahead of its first batch: the syncfs probe (a real barrier) is done meanwhile.
  if (data.vaultDir) (await import('./syncfs')).syncfsAvailable(data.vaultDir);
  parentPort?.on('message', (m: PoolMessage) => {
    const outcomes = sealBatchSync({ ...m.batch, sources: m.sources.split('\0') });
    // The batch's heads and tails share one buffer (HeadArena): moved, not copied.
    const arena = outcomes.find((o) => o.kind === 'sealed')?.head.buffer;
    parentPort?.postMessage({ id: m.id, outcomes }, arena instanceof ArrayBuffer ? [arena] : []);
  });
} else if (data.mode === 'hash') {
  // The hashing half of a large file's seal; the caller reads and writes (seal-pipe.ts).
  const { runHasher } = await import('./seal-pipe');
  parentPort?.postMessage(runHasher(data));
} else {
  const job = data;
  const { sealInThread, SealError } = await import('./seal-core');
  sealInThread(job.source, job.vaultDir, {
    algorithm: job.algorithm,
    maxAttempts: job.maxAttempts,
    retryDelayMs: job.retryDelayMs,
    directIo: job.directIo,
    followSymlinks: job.followSymlinks,
    onProgress: (bytes, totalBytes) => parentPort?.postMessage({ kind: 'progress', bytes, totalBytes }),
  }).then(
    (result) => parentPort?.postMessage({ kind: 'done', result }),
    (e: unknown) =>
      parentPort?.postMessage({
        kind: 'error',
        code: e instanceof SealError ? e.code : 'io',
        message: e instanceof Error ? e.message : String(e),
      }),
  );
}
