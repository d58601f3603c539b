// Runs the demo archive's bordereau work in one long-lived worker thread (bounded heap, a
// time budget per job: past it the worker is replaced and the job fails), in-thread when the
// worker file is not there (a bundle without it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCheckJob, type CheckJob, type CheckJobResult } from './check-jobs';

function workerEntry(): URL | null {
  for (const name of [
    './check-worker.ts',
    './check-worker.js',
    './check-worker.mjs',
    '../demo-archive/check-worker.mjs',
  ]) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

export class CheckRunner {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: CheckJobResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly entry = workerEntry();

  constructor(private readonly timeoutMs = 60_000) {}

  run<K extends CheckJob['kind']>(job: Extract<CheckJob, { kind: K }>): Promise<Extract<CheckJobResult, { kind: K }>> {
    if (!this.entry) return runCheckJob(job) as Promise<Extract<CheckJobResult, { kind: K }>>;
    const w = this.ensure();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('contrôle du bordereau trop long'));
        // A job past its budget may be a hostile input still being chewed on: start afresh.
        void this.reset();
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: CheckJobResult) => void, reject, timer });
      w.postMessage({ id, job });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.entry as URL, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    w.unref();
    w.on('message', (m: { id: number; value?: CheckJobResult; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.value) p.resolve(m.value);
      else p.reject(new Error(m.error ?? 'contrôle impossible'));
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(e);
        this.pending.delete(id);
      }
    };
    w.on('error', fail);
    w.on('exit', () => fail(new Error('contrôle interrompu')));
    this.worker = w;
    return w;
  }

  private async reset(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
