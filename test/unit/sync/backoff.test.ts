import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, seededRng } from '../../../main/core/sync/backoff';

describe('backoff', () => {
  const opts = { baseMs: 100, maxMs: 5_000 };

  it('grows exponentially then stays at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(n, opts))).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
    expect(backoffCeiling(10_000, opts)).toBe(5_000);
    expect(backoffCeiling(0, opts)).toBe(100);
  });

  it('draws full jitter in [min, ceiling] and never exceeds the cap', () => {
    const rng = seededRng(42);
    for (let attempt = 1; attempt < 40; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, { ...opts, minMs: 20 }, rng);
        expect(d).toBeGreaterThanOrEqual(20);
        expect(d).toBeLessThanOrEqual(backoffCeiling(attempt, opts));
      }
    }
  });

  it('is deterministic with an injected RNG and spreads retries', () => {
    const a = Array.from({ length: 20 }, (_, i) => backoffDelay(6, opts, seededRng(i)));
    const b = Array.from({ length: 20 }, (_, i) => backoffDelay(6, opts, seededRng(i)));
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(15);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
    expect(backoffDelay(3, opts, () => 0.999999)).toBe(400);
  });

  it('seeded RNG stays in [0, 1) with a sane mean', () => {
    const rng = seededRng(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeGreaterThan(0.48);
    expect(sum / 10_000).toBeLessThan(0.52);
  });
});
