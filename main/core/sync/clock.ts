// Time as the sync engine sees it: injectable, so the same scheduling code runs against the
// wall clock in the app and against a virtual clock in the fleet simulation (no sleeping).

export type TimerHandle = { readonly __timer: unique symbol } | NodeJS.Timeout | number;

export interface Clock {
  /** Wall-clock time, ms since the epoch (persisted dates, schedule rules). */
  now(): number;
  /** Monotonic ms for durations (rate sampling); the wall clock may jump. */
  monotonic(): number;
  /** Background timer: never keeps the process alive by itself. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Runs `fn` after the current turn (batches several wake-ups into one). */
  defer(fn: () => void): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
  defer(fn) {
    setImmediate(fn);
  },
};

/** A clock whose wall time comes from a `now()` function (tests that fix the date). */
export function clockWithNow(now: () => Date): Clock {
  return { ...systemClock, now: () => now().getTime() };
}

/** An AbortSignal that fires after `ms` on `clock` (AbortSignal.timeout only knows real time). */
export function clockTimeout(clock: Clock, ms: number): { signal: AbortSignal; clear(): void } {
  const c = new AbortController();
  const h = clock.setTimeout(() => c.abort(new DOMException('timeout', 'TimeoutError')), ms);
  return { signal: c.signal, clear: () => clock.clearTimeout(h) };
}
