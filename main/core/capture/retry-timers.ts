// Files looked at again later: a locked or still-written watched file after a fixed delay,
// a transient failure (disk full, I/O error) with a doubling back-off. One pending timer
// per file at most: a full disk must not pile up timers.
import { candidateKey, type Candidate } from './types';

const MAX_TRANSIENT_RETRY_MS = 10 * 60_000;

export interface RetryTimersOptions {
  lockedRetryMs: number;
  transientRetryMs: number;
  /** Whether the service still runs and the file should still be taken (profile, folder). */
  stillWanted: (c: Candidate) => boolean;
  resubmit: (c: Candidate) => void;
}

export class RetryTimers {
  private readonly o: RetryTimersOptions;
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; folderId: string | null }>();
  /** Transient failures in a row, per candidate key (for the back-off). */
  private readonly failures = new Map<string, number>();

  constructor(o: RetryTimersOptions) {
    this.o = o;
  }

  /** A locked or unstable file: only watched files come back by themselves. */
  afterLock(c: Candidate): void {
    if (c.origin !== 'watch') return;
    this.later(c, this.o.lockedRetryMs);
  }

  afterTransient(c: Candidate): void {
    const key = candidateKey(c);
    // A failure met while a retry is already planned (a repeat event) does not lengthen its back-off.
    if (this.timers.has(key)) return;
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    this.later(c, Math.min(this.o.transientRetryMs * 2 ** (n - 1), MAX_TRANSIENT_RETRY_MS));
  }

  /** The file went through (or failed for good): its back-off starts over next time. */
  succeeded(c: Candidate): void {
    this.failures.delete(candidateKey(c));
  }

  /** Whether this file waits for a retry already (scans and repeat events leave it to its timer). */
  pending(c: Candidate): boolean {
    return this.timers.has(candidateKey(c));
  }

  clearFolder(folderId: string): void {
    for (const [key, r] of this.timers)
      if (r.folderId === folderId) {
        clearTimeout(r.timer);
        this.timers.delete(key);
      }
  }

  clearAll(): void {
    for (const r of this.timers.values()) clearTimeout(r.timer);
    this.timers.clear();
    this.failures.clear();
  }

  private later(c: Candidate, delayMs: number): void {
    const key = candidateKey(c);
    if (this.timers.has(key) || !this.o.stillWanted(c)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.o.stillWanted(c)) this.o.resubmit(c);
    }, delayMs);
    timer.unref?.();
    this.timers.set(key, { timer, folderId: c.folderId });
  }
}
