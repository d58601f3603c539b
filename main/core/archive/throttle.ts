// Token-bucket upload limiter. The rate can change while an upload runs (office-hours
// rules): waiters re-check every few tens of milliseconds, so a new rate applies at once.
import { ArchiveError, type UploadThrottle } from './connector';

const TICK_MS = 50;

export class TokenBucketThrottle implements UploadThrottle {
  private rate: number | null;
  /** May go negative: a large take() is a debt paid back by waiting. */
  private tokens = 0;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  /** `burstSeconds`: how much unused rate may accumulate while idle. */
  constructor(
    bytesPerSecond: number | null = null,
    private readonly burstSeconds = 0.2,
  ) {
    this.rate = normalise(bytesPerSecond);
  }

  /** null or ≤ 0 = unlimited. */
  setRate(bytesPerSecond: number | null): void {
    this.refill();
    this.rate = normalise(bytesPerSecond);
    if (this.rate === null) this.tokens = 0;
    else this.tokens = Math.max(this.tokens, -this.rate); // an old debt never blocks > 1 s at the new rate
  }

  getRate(): number | null {
    return this.rate;
  }

  take(bytes: number, signal?: AbortSignal): Promise<void> {
    // Serialised so concurrent uploads share the rate fairly in arrival order.
    const run = this.queue.then(() => this.takeNow(bytes, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private refill(): void {
    const now = performance.now();
    if (this.rate !== null) {
      this.tokens = Math.min(this.tokens + ((now - this.last) / 1000) * this.rate, this.rate * this.burstSeconds);
    }
    this.last = now;
  }

  private async takeNow(bytes: number, signal?: AbortSignal): Promise<void> {
    this.refill();
    if (this.rate === null) return;
    this.tokens -= bytes;
    for (;;) {
      if (signal?.aborted) throw new ArchiveError('network', 'Opération annulée.', true);
      this.refill();
      if (this.rate === null || this.tokens >= 0) return;
      const waitMs = Math.min(TICK_MS, (-this.tokens / this.rate) * 1000);
      await sleep(Math.max(1, waitMs), signal);
    }
  }
}

function normalise(rate: number | null): number | null {
  return rate !== null && Number.isFinite(rate) && rate > 0 ? rate : null;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
