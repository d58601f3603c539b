// When the last syncfs barrier that succeeded began, shared by the seal pool's workers (one
// SharedArrayBuffer). A copy written at its content address is visible to every worker before
// its own batch's barrier; another batch may only take such a copy as durable once a barrier
// that began after it was written has succeeded. Otherwise it writes its own copy (temp +
// rename), so the first batch failing and removing its copy cannot take a recorded one along.

/**
 * ctime comes from the kernel's coarse clock, up to a tick (1–10 ms) behind Date.now(): a copy
 * written just after a barrier began could otherwise look older than it. A generous margin.
 */
const CTIME_MARGIN_MS = 50;

export function newBarrierClock(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(8);
  // Copies older than the clock's creation are checked by their bytes only (a crash's leftovers).
  new BigInt64Array(buffer)[0] = BigInt(Date.now());
  return buffer;
}

let clock = new BigInt64Array(newBarrierClock());

/** In a pool worker: the pool's shared clock. */
export function useBarrierClock(buffer: SharedArrayBuffer): void {
  clock = new BigInt64Array(buffer);
}

/** A barrier begun at `startedAtMs` succeeded: everything written before then is on disk. */
export function barrierSucceeded(startedAtMs: number): void {
  const next = BigInt(Math.floor(startedAtMs));
  for (;;) {
    const seen = Atomics.load(clock, 0);
    if (seen >= next || Atomics.compareExchange(clock, 0, seen, next) === seen) return;
  }
}

/** Whether a copy changed at `ctimeMs` is covered by a barrier that succeeded. */
export function durableSince(ctimeMs: number): boolean {
  return ctimeMs < Number(Atomics.load(clock, 0)) - CTIME_MARGIN_MS;
}
