// The per-endpoint overload gate and the Retry-After reading it relies on.
import { describe, expect, it } from 'vitest';
import { EndpointGate, isOverload } from '../../../main/core/sync/endpoint-gate';
import { ArchiveError } from '../../../main/core/archive/connector';
import { retryAfterMs } from '../../../main/core/archive/answers';
import { seededRng } from '../../../main/core/sync/backoff';

const res = (headers: Record<string, string>) => ({ status: 503, headers, body: Buffer.alloc(0) });

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, ignores garbage', () => {
    expect(retryAfterMs(res({ 'retry-after': '120' }))).toBe(120_000);
    const now = Date.parse('2026-12-07T08:30:00Z');
    expect(retryAfterMs(res({ 'retry-after': 'Mon, 07 Dec 2026 08:30:45 GMT' }), now)).toBe(45_000);
    expect(retryAfterMs(res({ 'retry-after': 'Mon, 07 Dec 2026 08:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(res({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(res({ 'retry-after': '-5' }))).toBeUndefined();
    expect(retryAfterMs(res({}))).toBeUndefined();
  });
});

describe('endpoint gate', () => {
  const make = () => {
    let t = 1_000_000;
    const gate = new EndpointGate({
      clock: { now: () => t },
      rng: seededRng(7),
      retry: () => ({ baseMs: 1_000, maxMs: 60_000, minMs: 500 }),
    });
    return { gate, advance: (ms: number) => (t += ms), now: () => t };
  };

  it('honours Retry-After with at most 20 % jitter, per endpoint', () => {
    const { gate, now } = make();
    const until = gate.overloaded('p', 0, 10_000);
    expect(until - now()).toBeGreaterThanOrEqual(10_000);
    expect(until - now()).toBeLessThanOrEqual(12_000);
    expect(gate.waitMs('p', 0)).toBe(until - now());
    expect(gate.waitMs('p', 1)).toBe(0); // the other site is not closed
    expect(gate.waitMs('q', 0)).toBe(0);
    expect(gate.nextOpening()).toBe(until);
  });

  it('an absurd Retry-After is capped at one hour', () => {
    const { gate, now } = make();
    expect(gate.overloaded('p', 0, 30 * 86_400_000) - now()).toBeLessThanOrEqual(72 * 60_000);
  });

  it('without Retry-After the wait grows with consecutive overloads, and resets after a success', () => {
    const { gate, advance } = make();
    const ceilings: number[] = [];
    for (let i = 0; i < 6; i++) {
      ceilings.push(gate.waitMs('p', 0) || gate.overloaded('p', 0) - (advance(0) as number));
      advance(gate.waitMs('p', 0));
    }
    // Full jitter, so not monotonic per draw, but the later waits can reach far beyond the first ceiling.
    expect(Math.max(...ceilings.slice(3))).toBeGreaterThan(1_000);
    gate.passed('p', 0);
    const w = gate.overloaded('p', 0) - (advance(0) as number);
    expect(w).toBeLessThanOrEqual(1_000);
  });

  it('a Retry-After of 0 (or a date already past) repeated still backs off: no hammering', () => {
    // A server whose clock lags the desktop's sends dates in the past; some proxies send "0".
    const { gate, advance } = make();
    let total = 0;
    for (let i = 0; i < 8; i++) {
      const w = gate.overloaded('p', 0, 0) - (advance(0) as number);
      expect(w).toBeGreaterThanOrEqual(500); // never below the retry floor
      total += w;
      advance(w);
    }
    // Eight overloads in a row: the waits grow as without Retry-After (not ~0.5 s each).
    expect(total).toBeGreaterThan(20_000);
  });

  it('a Retry-After keeps its length when the wall clock is set back', () => {
    const { gate, advance } = make();
    gate.overloaded('p', 0, 10_000);
    advance(-3_600_000); // NTP sets a clock that ran an hour ahead back
    gate.shift(-3_600_000);
    expect(gate.waitMs('p', 0)).toBeLessThanOrEqual(12_000);
    expect(gate.waitMs('p', 0)).toBeGreaterThanOrEqual(10_000);
  });

  it('a later reopening is never shortened by an earlier answer', () => {
    const { gate } = make();
    const long = gate.overloaded('p', 0, 30_000);
    expect(gate.overloaded('p', 0, 1_000)).toBe(long);
  });

  it('503 and 429 are overloads; a 500 or a network error is not', () => {
    expect(isOverload(new ArchiveError('server', 'x', true, false, 503))).toBe(true);
    expect(isOverload(new ArchiveError('server', 'x', true, false, 429))).toBe(true);
    expect(isOverload(new ArchiveError('server', 'x', true, false, 500))).toBe(false);
    expect(isOverload(new ArchiveError('network', 'x', true))).toBe(false);
  });
});
