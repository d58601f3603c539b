// The shared limiter follows the rules live: an office-hours boundary crossed mid-upload
// changes the measured rate without restarting anything.
process.env.TZ = 'Europe/Paris';
import { describe, expect, it } from 'vitest';
import { RuleDrivenThrottle } from '../../../main/core/sync/rule-throttle';
import type { BandwidthRules } from '../../../main/core/sync/schedule-rules';

const rules: BandwidthRules = {
  baseLimitKbps: 32_000, // 4 MB/s outside office hours
  officeHours: { enabled: true, days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30', limitKbps: 8_000 }, // 1 MB/s
  night: { start: '19:00', end: '07:00' },
  pauseOnMetered: false,
};

/** Pushes 64 KiB slices for `ms` and returns the measured bytes/s. */
async function pump(throttle: RuleDrivenThrottle, ms: number): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  while (performance.now() - start < ms) {
    await throttle.take(65_536);
    bytes += 65_536;
  }
  return (bytes * 1000) / (performance.now() - start);
}

describe('rule-driven throttle', () => {
  it('switches rate when the clock crosses the end of office hours', async () => {
    let clock = new Date(2026, 5, 15, 17, 29, 59); // Monday, office hours
    const throttle = new RuleDrivenThrottle(
      () => rules,
      () => clock,
    );
    expect(throttle.refresh()).toBe(1_000_000);
    const office = await pump(throttle, 600);
    clock = new Date(2026, 5, 15, 17, 30, 0);
    const evening = await pump(throttle, 600);
    expect(throttle.getRate()).toBe(4_000_000);
    expect(office).toBeGreaterThan(0.8e6);
    expect(office).toBeLessThan(1.35e6);
    expect(evening).toBeGreaterThan(3.0e6);
    expect(evening).toBeLessThan(5.0e6);
  });

  it('a lower rate applies while a take is already waiting', async () => {
    let clock = new Date(2026, 5, 20, 12, 0); // Saturday: base 4 MB/s
    const throttle = new RuleDrivenThrottle(
      () => rules,
      () => clock,
    );
    throttle.refresh();
    await pump(throttle, 200);
    clock = new Date(2026, 5, 22, 9, 0); // Monday 09:00: 1 MB/s
    throttle.refresh();
    const slow = await pump(throttle, 600);
    expect(slow).toBeLessThan(1.35e6);
  });

  it('unlimited when no rule applies', async () => {
    const throttle = new RuleDrivenThrottle(
      () => ({ ...rules, baseLimitKbps: null }),
      () => new Date(2026, 5, 20, 12),
    );
    expect(throttle.refresh()).toBeNull();
    const fast = await pump(throttle, 100);
    expect(fast).toBeGreaterThan(50e6);
  });
});
