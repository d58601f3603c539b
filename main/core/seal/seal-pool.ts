// A few worker threads that seal small files in batches (see seal-batch.ts): the main
// thread only queues paths and receives results, the system calls (and their fsync waits)
// run in the workers, each with its own temp folder so file creations do not queue on one
// directory lock. Queued requests for the same vault are grouped, up to a file and a byte
// budget per batch; a batch's results all arrive together, so their records share one
// SQLite transaction downstream. A burst starts with small batches (RAMP_FIRST files, then
// twice as many each time): the caller gets its first files back, and records them, while
// the workers seal the next ones, instead of waiting for a whole first batch.
import { Worker } from 'node:worker_threads';
import { newBarrierClock } from './barrier-clock';
import type { DigestAlgorithm } from '../../contract/types';
import type { SealBatch, SmallSealOutcome } from './seal-batch';
import { workerEntry } from './seal';

export { SMALL_FILE_MAX, HEAD_BYTES, TAIL_BYTES, type SmallSealOutcome } from './seal-batch';

// A worker holds a batch or two: paths, a few small objects per file, and file bytes in
// Buffers (outside the V8 heap). V8's default heap sizing, meant for busy main threads,
// lets each worker's young generation grow to tens of MiB of RSS (~16 MiB saved on a
// 100k drop). A worker out of memory fails like a crash: its files are sealed in-thread.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

/** Files in the first batch of a burst (the pool was idle). */
const RAMP_FIRST = 32;

export interface SealPoolOptions {
  /**
   * Worker threads (default 2). Two keep a batch being written while the other waits for its
   * barrier; the engine thread records far slower than they seal. A third cost ~10 MiB of RSS
   * and a thread start for nothing.
   */
  workers?: number;
  /** Files per batch at most (default 512: one syncfs pair per batch). */
  maxBatchFiles?: number;
  /** Bytes per batch at most, by announced size (default 16 MiB). */
  maxBatchBytes?: number;
  /** Idle workers are stopped after this long (default 30 s). */
  idleMs?: number;
}

export interface SmallSealRequest {
  source: string;
  vaultDir: string;
  algorithm: DigestAlgorithm;
  /** Size seen when the file was found stable (budgets only). */
  sizeHint: number;
}

/** A batch for a pool worker (seal-worker.ts): `sources` joined by NUL. */
export interface PoolMessage {
  id: number;
  batch: Omit<SealBatch, 'sources'>;
  sources: string;
}

interface Queued {
  req: SmallSealRequest;
  resolve: (o: SmallSealOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  slot: string;
  inFlight: Map<number, Queued[]>;
}

export class SealPool {
  private readonly size: number;
  private readonly maxFiles: number;
  private readonly maxBytes: number;
  private readonly idleMs: number;
  private readonly entry: URL;
  private readonly workers: PoolWorker[] = [];
  /** When a barrier last succeeded, shared by the workers (seal/barrier-clock.ts). */
  private readonly barrierClock = newBarrierClock();
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private pumpScheduled = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Batches sent since the pool was last idle (the ramp). */
  private sent = 0;

  constructor(entry: URL, options: SealPoolOptions = {}) {
    this.entry = entry;
    const count = (v: number | undefined, d: number): number =>
      v !== undefined && Number.isFinite(v) ? Math.max(1, Math.floor(v)) : d;
    this.size = count(options.workers, 2);
    this.maxFiles = count(options.maxBatchFiles, 512);
    this.maxBytes = count(options.maxBatchBytes, 16 * 1024 * 1024);
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** Worker threads alive now (they stop after `idleMs` without work). */
  get liveWorkers(): number {
    return this.workers.length;
  }

  /** Too many worker crashes: callers should seal in-thread instead. */
  get broken(): boolean {
    return this.failures >= 3;
  }

  /** Resolves once the file's vault copy is durable (or with why it was not sealed here). */
  seal(req: SmallSealRequest): Promise<SmallSealOutcome> {
    if (this.broken) return Promise.resolve({ kind: 'retry', reason: 'pool' });
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      if (this.idleTimer) {
        clearTimeout(this.idleTimer);
        this.idleTimer = null;
      }
      // Dispatch on the next turn, so requests made in the same turn share a batch.
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        setImmediate(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  /**
   * Starts the workers ahead of a burst (while the caller still lists and stats its
   * files), so the first batch does not wait for a thread to boot.
   */
  warm(vaultDir: string): void {
    if (this.broken) return;
    while (this.workers.length < this.size) this.spawn(vaultDir);
    // Nothing may follow (every file already sealed): the workers still stop when idle.
    this.armIdleTimer();
  }

  /** Stops the workers; queued and in-flight requests are answered "retry". */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const q of this.queue.splice(0)) q.resolve({ kind: 'retry', reason: 'pool' });
    await Promise.all(this.workers.splice(0).map((w) => this.stopWorker(w)));
  }

  private async stopWorker(w: PoolWorker): Promise<void> {
    for (const batch of w.inFlight.values()) for (const q of batch) q.resolve({ kind: 'retry', reason: 'pool' });
    w.inFlight.clear();
    await w.worker.terminate();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const w = this.idleWorker();
      if (!w) return;
      const first = this.queue[0]!;
      const maxFiles = Math.min(this.maxFiles, RAMP_FIRST * 2 ** Math.min(this.sent, 16));
      this.sent++;
      let n = 0;
      let bytes = 0;
      while (
        n < this.queue.length &&
        n < maxFiles &&
        (n === 0 || bytes + this.queue[n]!.req.sizeHint <= this.maxBytes) &&
        this.queue[n]!.req.vaultDir === first.req.vaultDir &&
        this.queue[n]!.req.algorithm === first.req.algorithm
      ) {
        bytes += this.queue[n]!.req.sizeHint;
        n++;
      }
      const items = this.queue.splice(0, n);
      const id = this.nextId++;
      w.inFlight.set(id, items);
      w.worker.ref();
      const batch: PoolMessage['batch'] = {
        vaultDir: first.req.vaultDir,
        algorithm: first.req.algorithm,
        slot: w.slot,
      };
      // The paths as one string (NUL is in no path): one copy, not one per path.
      w.worker.postMessage({ id, batch, sources: items.map((q) => q.req.source).join('\0') } satisfies PoolMessage);
    }
  }

  private idleWorker(): PoolWorker | null {
    const free = this.workers.find((w) => w.inFlight.size === 0);
    if (free) return free;
    if (this.workers.length < this.size) return this.spawn();
    return null;
  }

  /** `vaultDir`: where its batches will go, known ahead (the worker probes its file system as it starts). */
  private spawn(vaultDir?: string): PoolWorker {
    // The lowest slot no live worker uses: a bounded set of temp folders, one per thread.
    let n = 0;
    while (this.workers.some((o) => o.slot === `w${n}`)) n++;
    const slot = `w${n}`;
    const worker = new Worker(this.entry, {
      workerData: { mode: 'pool', vaultDir, barrierClock: this.barrierClock },
      resourceLimits: WORKER_LIMITS,
    });
    const w: PoolWorker = { worker, slot, inFlight: new Map() };
    worker.on('message', (m: { id: number; outcomes: SmallSealOutcome[] }) => {
      const items = w.inFlight.get(m.id);
      if (!items) return;
      w.inFlight.delete(m.id);
      if (w.inFlight.size === 0) worker.unref();
      this.failures = 0;
      items.forEach((q, i) => q.resolve(m.outcomes[i] ?? { kind: 'retry', reason: 'pool' }));
      this.pump();
      this.armIdleTimer();
    });
    const fail = (): void => {
      const i = this.workers.indexOf(w);
      if (i < 0) return;
      this.workers.splice(i, 1);
      this.failures++;
      // What it held goes back to the caller, which seals it in-thread.
      for (const batch of w.inFlight.values()) for (const q of batch) q.resolve({ kind: 'retry', reason: 'pool' });
      w.inFlight.clear();
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
    this.workers.push(w);
    return w;
  }

  private armIdleTimer(): void {
    if (this.queue.length > 0 || this.workers.some((w) => w.inFlight.size > 0)) return;
    // Idle: the next burst ramps up again.
    this.sent = 0;
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.queue.length > 0 || this.workers.some((w) => w.inFlight.size > 0)) return;
      for (const w of this.workers.splice(0)) void w.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

let shared: SealPool | null | undefined;

/** The process-wide pool, or null when no worker entry is available (seal in-thread then). */
export function sharedSealPool(): SealPool | null {
  if (shared === undefined) {
    const entry = workerEntry();
    shared = entry ? new SealPool(entry) : null;
  }
  return shared;
}
