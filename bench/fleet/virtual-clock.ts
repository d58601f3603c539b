// Virtual time for the fleet simulation: the sync engine's Clock over a timer heap. `run`
// jumps from one due timer to the next and lets every promise chain the timers started
// settle before moving on, so 10,000 desktops' morning runs in seconds, never sleeping.
import type { Clock, TimerHandle } from '../../main/core/sync/clock';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Lets every pending microtask (promise continuations) run: setImmediate comes after them all. */
const settle = () => new Promise<void>((r) => setImmediate(r));

export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  /** Timer callbacks run so far (a measure of the simulation's work). */
  fired = 0;

  constructor(startMs: number) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  monotonic(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as unknown as Timer).cancelled = true;
  }

  defer(fn: () => void): void {
    this.setTimeout(fn, 0);
  }

  /** Runs timers in time order until none is left before `untilMs` (or `stop()` says so). */
  async run(untilMs: number, stop: () => boolean = () => false): Promise<void> {
    await settle();
    while (this.heap.length > 0 && !stop()) {
      const at = this.heap[0]!.at;
      if (at > untilMs) break;
      this.t = at;
      // Everything due at this instant, then let the promise chains they started settle.
      while (this.heap.length > 0 && this.heap[0]!.at === at) {
        const timer = this.pop();
        if (timer.cancelled) continue;
        this.fired++;
        timer.fn();
      }
      await settle();
    }
    if (this.t < untilMs && !stop()) this.t = untilMs;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(x: Timer): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
