// Sealing one candidate: small files through the shared seal pool (by the batch, in worker
// threads, each batch made durable once), larger ones streamed with bounded concurrency.
import { open } from 'node:fs/promises';
import type { DigestAlgorithm } from '../../contract/types';
import type { EventBus } from '../events';
import { sealFile, SealError, type SealResult } from '../seal/seal';
import { sharedSealPool, SMALL_FILE_MAX, TAIL_BYTES } from '../seal/seal-pool';
import { vaultAbsolutePath } from '../seal/vault';
import { Limiter } from './limiter';

export interface Sealed {
  seal: SealResult;
  /** First 4 KiB, for recognising flows the platform already archives. */
  head: Buffer;
  /** The sealed bytes' last 1 KiB when the seal read them anyway (the PDF end check needs no new read). */
  tail?: Buffer;
}

export interface SealStepOptions {
  vaultDir: string;
  bus: EventBus;
  algorithm: DigestAlgorithm;
  concurrency: number;
  workerThreshold?: number;
  /** Wait before re-reading a file that changed while read. */
  retryDelayMs: number;
}

export class SealStep {
  private readonly o: SealStepOptions;
  private readonly limiter: Limiter;

  constructor(o: SealStepOptions) {
    this.o = o;
    this.limiter = new Limiter(Math.max(1, o.concurrency));
  }

  /** Many files are coming: the pool's workers start while they are still being looked at. */
  warm(): void {
    const pool = sharedSealPool();
    if (pool && !pool.broken) pool.warm(this.o.vaultDir);
  }

  /**
   * `few`: one of a handful of files (a single drop): sealed in this thread, as starting a
   * pool worker and a batch barrier for it would cost more than the seal itself.
   * `followLink`: a symbolic link the user dropped by itself is sealed as its target; any other
   * link is refused, even one that replaced the file since it was found.
   */
  async seal(path: string, size: number, few = false, followLink = false): Promise<Sealed> {
    if (few) return this.sealLarge(path, followLink);
    return (await this.sealSmall(path, size)) ?? (await this.sealLarge(path, followLink));
  }

  /**
   * null: not sealed in the pool (larger than announced, changed while read, no pool).
   * The promise settles only once the vault copy is durable.
   */
  private async sealSmall(path: string, size: number): Promise<Sealed | null> {
    if (size > SMALL_FILE_MAX) return null;
    const pool = sharedSealPool();
    if (!pool || pool.broken) return null;
    const o = await pool.seal({ source: path, vaultDir: this.o.vaultDir, algorithm: this.o.algorithm, sizeHint: size });
    if (o.kind === 'retry') return null;
    if (o.kind === 'error') throw new SealError(o.code, o.message, path);
    // No seal.progress: nothing follows a seal done in one go (no bar to draw, no row to clear),
    // and 10,000 such events per drop cost every host (web frames, the CLI's bar) for nothing.
    const head = Buffer.from(o.head.buffer, o.head.byteOffset, o.head.byteLength);
    const n = o.result.size;
    const tail = o.tail
      ? Buffer.from(o.tail.buffer, o.tail.byteOffset, o.tail.byteLength)
      : head.subarray(Math.max(0, n - TAIL_BYTES), n);
    return { seal: { ...o.result, attempts: 1 }, head, tail };
  }

  /** Streaming seal, one file at a time (bounded), in a worker thread when very large. */
  private async sealLarge(path: string, followSymlinks: boolean): Promise<Sealed> {
    const seal = await this.limiter.run(() =>
      sealFile(path, this.o.vaultDir, {
        algorithm: this.o.algorithm,
        followSymlinks,
        ...(this.o.workerThreshold !== undefined ? { workerThreshold: this.o.workerThreshold } : {}),
        retryDelayMs: this.o.retryDelayMs,
        onProgress: (bytes, totalBytes) => this.o.bus.emit({ type: 'seal.progress', path, bytes, totalBytes }),
      }),
    );
    return { seal, ...(await readEnds(vaultAbsolutePath(this.o.vaultDir, seal.vaultPath), seal.size)) };
  }
}

/**
 * The vault copy's first 4 KiB and last TAIL_BYTES: the checks judge the bytes sealed, never
 * the source's, which may have been finished or changed since (a writer that sized its file first).
 */
async function readEnds(path: string, size: number): Promise<{ head: Buffer; tail: Buffer }> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, 4096, 0);
    const n = Math.min(TAIL_BYTES, size);
    const tail = Buffer.alloc(n);
    const { bytesRead: tailRead } = await fh.read(tail, 0, n, size - n);
    return { head: head.subarray(0, bytesRead), tail: tail.subarray(0, tailRead) };
  } finally {
    await fh.close();
  }
}
