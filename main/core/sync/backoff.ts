// Exponential backoff with "full jitter" (delay drawn uniformly in [0, cap]): many town
// halls retrying after the same outage do not hammer the archive in lockstep.

/** Uniform number in [0, 1). Injectable so tests are deterministic. */
export type Rng = () => number;

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** Hard cap on any delay. */
  maxMs: number;
  /** Growth per attempt; default 2. */
  factor?: number;
  /** Lower bound so a retry never fires in a tight loop; default 0. */
  minMs?: number;
}

/** Ceiling of the jitter window for the n-th retry (1-based). */
export function backoffCeiling(attempt: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const n = Math.max(1, Math.floor(attempt));
  // Capped exponent: avoids Infinity for absurd attempt counts.
  const raw = options.baseMs * Math.pow(factor, Math.min(n - 1, 64));
  return Math.min(options.maxMs, Number.isFinite(raw) ? raw : options.maxMs);
}

/** Delay before the n-th retry (1-based): uniform in [minMs, ceiling]. */
export function backoffDelay(attempt: number, options: BackoffOptions, rng: Rng = Math.random): number {
  const ceiling = backoffCeiling(attempt, options);
  const min = Math.min(options.minMs ?? 0, ceiling);
  return Math.round(min + rng() * (ceiling - min));
}

/** Small seeded PRNG (mulberry32) for reproducible jitter in tests. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
