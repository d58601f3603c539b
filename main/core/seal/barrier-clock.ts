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

const CLOCK = 0;
/** syncfs batches running now (their copies at an address may still be removed). */
const SYNCFS_BATCHES = 1;

export function newBarrierClock(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(16);
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
    const seen = Atomics.load(clock, CLOCK);
    if (seen >= next || Atomics.compareExchange(clock, CLOCK, seen, next) === seen) return;
  }
}

/** Whether a copy changed at `ctimeMs` is covered by a barrier that succeeded. */
export function durableSince(ctimeMs: number): boolean {
  return ctimeMs < Number(Atomics.load(clock, CLOCK)) - CTIME_MARGIN_MS;
}

/** Around a syncfs batch: while any runs, a copy it wrote may still go (its barrier failing). */
export function syncfsBatchBegins(): void {
  Atomics.add(clock, SYNCFS_BATCHES, 1n);
}

export function syncfsBatchEnds(): void {
  Atomics.sub(clock, SYNCFS_BATCHES, 1n);
}

/**
 * Whether a per-file batch may take the copy at `target` as it is (its bytes already checked).
 * A worker left on per-file durability (its syncfs probe met an error) runs beside syncfs ones:
 * a copy such a batch wrote before its barrier is taken only once a barrier covers it. With none
 * running, no one will remove a copy that is there now.
 */
export function takeableByPerFile(target: string, stat: (p: string) => { ctimeMs: number }): boolean {
  // The count first: a batch that ends between the two reads may have removed the copy.
  const none = Atomics.load(clock, SYNCFS_BATCHES) === 0n;
  try {
    const s = stat(target);
    return none || durableSince(s.ctimeMs);
  } catch {
    return false; // gone meanwhile: written anew
  }
}
