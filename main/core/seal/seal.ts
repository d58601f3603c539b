// Seal a file into the vault: in-thread for small files, in a worker thread for large ones
// (hashing a 1 GiB file would otherwise hold the event loop for about a second in total).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pipeAvailable, pipeMinBytes, sealOncePiped } from './seal-pipe';
import {
  sealErrorFrom,
  sealInThread,
  sealWithRetries,
  SealError,
  type SealOptions,
  type SealResult,
  type SealErrorCode,
} from './seal-core';

export { SealError, type SealOptions, type SealResult, type SealErrorCode } from './seal-core';

export const DEFAULT_WORKER_THRESHOLD = 64 * 1024 * 1024;

export interface SealFileOptions extends SealOptions {
  /** Files at least this large are sealed in a worker thread (Infinity: never). */
  workerThreshold?: number;
}

/** The seal worker's entry file, or null (then everything is sealed in-thread). */
export function workerEntry(): URL | null {
  // Unbundled (node runs .ts), bundled next to a built seal-worker.js/.mjs, or bundled one
  // folder down from it (dist/web/host.mjs, dist/cli/sceau.mjs next to dist/seal/).
  for (const name of [
    './seal-worker.ts',
    './seal-worker.js',
    './seal-worker.mjs',
    '../seal/seal-worker.mjs',
    '../seal/seal-worker.js',
  ]) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

export async function sealFile(source: string, vaultDir: string, options: SealFileOptions = {}): Promise<SealResult> {
  const threshold = options.workerThreshold ?? DEFAULT_WORKER_THRESHOLD;
  let size: number;
  try {
    size = (await stat(source)).size;
  } catch (e) {
    throw sealErrorFrom(e, source);
  }
  const entry = size >= threshold ? workerEntry() : null;
  if (!entry) return sealInThread(source, vaultDir, options);
  return sealInWorker(entry, source, vaultDir, options);
}

/**
 * Seals one file off this thread with a worker started from `entry` (a seal-worker file).
 * Large files: the worker hashes while this thread reads and writes with asynchronous calls
 * (seal-pipe.ts); smaller ones are sealed whole in the worker. `execArgv`: the worker's Node
 * options (default: this thread's), e.g. [] to run a built worker without the source loader
 * a benchmark runs under.
 */
export async function sealInWorker(
  entry: URL,
  source: string,
  vaultDir: string,
  options: SealOptions = {},
  execArgv?: string[],
): Promise<SealResult> {
  let size: number;
  try {
    size = (await stat(source)).size;
  } catch (e) {
    throw sealErrorFrom(e, source);
  }
  if (pipeAvailable() && size >= pipeMinBytes(options))
    return sealWithRetries(source, vaultDir, options, (s, v, o) => sealOncePiped(entry, s, v, o, execArgv));
  return sealWholeInWorker(entry, source, vaultDir, options, execArgv);
}

function sealWholeInWorker(
  entry: URL,
  source: string,
  vaultDir: string,
  options: SealOptions,
  execArgv?: string[],
): Promise<SealResult> {
  return new Promise<SealResult>((resolve, reject) => {
    const worker = new Worker(entry, {
      ...(execArgv ? { execArgv } : {}),
      workerData: {
        source,
        vaultDir,
        algorithm: options.algorithm ?? 'sha256',
        maxAttempts: options.maxAttempts,
        retryDelayMs: options.retryDelayMs,
        directIo: options.directIo,
        followSymlinks: options.followSymlinks,
      },
    });
    let settled = false;
    worker.on(
      'message',
      (
        m:
          | { kind: 'progress'; bytes: number; totalBytes: number }
          | { kind: 'done'; result: SealResult }
          | { kind: 'error'; code: SealErrorCode; message: string },
      ) => {
        if (m.kind === 'progress') options.onProgress?.(m.bytes, m.totalBytes);
        else if (m.kind === 'done') {
          settled = true;
          resolve(m.result);
        } else {
          settled = true;
          reject(new SealError(m.code, m.message, source));
        }
      },
    );
    worker.on('error', (e) => {
      if (!settled) reject(sealErrorFrom(e, source));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new SealError('io', `Le scellement de ${source} s’est interrompu (code ${code}).`, source));
    });
  });
}
