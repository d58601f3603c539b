// Local wall-clock rules: pinned to Paris so DST dates are real ones.
process.env.TZ = 'Europe/Paris';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BANDWIDTH_RULES,
  isInNightWindow,
  isInWindow,
  meteredPause,
  nextNightStart,
  nextRuleChange,
  parseClock,
  rateAt,
  type BandwidthRules,
} from '../../../main/core/sync/schedule-rules';

// Local time constructor (month 1-based for readability).
const at = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi);

const rules: BandwidthRules = {
  baseLimitKbps: null,
  officeHours: { enabled: true, days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30', limitKbps: 800 },
  night: { start: '19:00', end: '07:00' },
  pauseOnMetered: true,
};

describe('schedule rules', () => {
  it('timezone is pinned', () => {
    expect(new Date(Date.UTC(2026, 0, 1, 12)).getHours()).toBe(13);
  });

  it('parses HH:MM and rejects nonsense', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    expect(() => parseClock('25:00')).toThrow(/Heure invalide/);
    expect(() => parseClock('8h30')).toThrow();
  });

  it('office hours limit Monday–Friday 08:30–17:30, full speed otherwise', () => {
    // 2026-06-15 is a Monday.
    expect(rateAt(at(2026, 6, 15, 8, 29), rules)).toBeNull();
    expect(rateAt(at(2026, 6, 15, 8, 30), rules)).toBe(100_000); // 800 kbit/s = 100 kB/s
    expect(rateAt(at(2026, 6, 15, 17, 29), rules)).toBe(100_000);
    expect(rateAt(at(2026, 6, 15, 17, 30), rules)).toBeNull();
    expect(rateAt(at(2026, 6, 19, 12), rules)).toBe(100_000); // Friday
    expect(rateAt(at(2026, 6, 20, 12), rules)).toBeNull(); // Saturday
    expect(rateAt(at(2026, 6, 21, 12), rules)).toBeNull(); // Sunday
  });

  it('base limit applies outside office hours; disabled rule is ignored', () => {
    const r = { ...rules, baseLimitKbps: 8000 };
    expect(rateAt(at(2026, 6, 20, 12), r)).toBe(1_000_000);
    expect(rateAt(at(2026, 6, 15, 12), r)).toBe(100_000);
    const off = { ...r, officeHours: { ...rules.officeHours!, enabled: false } };
    expect(rateAt(at(2026, 6, 15, 12), off)).toBe(1_000_000);
    expect(rateAt(at(2026, 6, 15, 12), DEFAULT_BANDWIDTH_RULES)).toBeNull();
  });

  it('night window crosses midnight', () => {
    expect(isInNightWindow(at(2026, 6, 15, 18, 59))).toBe(false);
    expect(isInNightWindow(at(2026, 6, 15, 19, 0))).toBe(true);
    expect(isInNightWindow(at(2026, 6, 15, 23, 59))).toBe(true);
    expect(isInNightWindow(at(2026, 6, 16, 0, 0))).toBe(true);
    expect(isInNightWindow(at(2026, 6, 16, 6, 59))).toBe(true);
    expect(isInNightWindow(at(2026, 6, 16, 7, 0))).toBe(false);
    expect(isInNightWindow(at(2026, 6, 16, 12), { start: '12:00', end: '12:00' })).toBe(false);
  });

  it('a window crossing midnight belongs to the day it starts on', () => {
    const w = { start: '22:00', end: '06:00' };
    // Friday 2026-06-19 22:00 → Saturday 06:00 belongs to Friday.
    expect(isInWindow(at(2026, 6, 20, 3), w, [5])).toBe(true);
    expect(isInWindow(at(2026, 6, 20, 23), w, [5])).toBe(false);
    // Monday 03:00 belongs to Sunday's window.
    expect(isInWindow(at(2026, 6, 22, 3), w, [1, 2, 3, 4, 5])).toBe(false);
    expect(isInWindow(at(2026, 6, 22, 3), w, [7])).toBe(true);
  });

  it('night window and office hours across DST changes (Europe/Paris)', () => {
    // Spring forward: Sunday 2026-03-29, 02:00 → 03:00. Night is still open at 03:30 local.
    expect(isInNightWindow(at(2026, 3, 29, 3, 30))).toBe(true);
    expect(isInNightWindow(at(2026, 3, 29, 7, 0))).toBe(false);
    // Fall back: Sunday 2026-10-25, 03:00 → 02:00. Both 02:30s are inside the night.
    const firstHalf = new Date('2026-10-25T00:30:00Z'); // 02:30 CEST
    const secondHalf = new Date('2026-10-25T01:30:00Z'); // 02:30 CET
    expect(firstHalf.getHours()).toBe(2);
    expect(secondHalf.getHours()).toBe(2);
    expect(isInNightWindow(firstHalf)).toBe(true);
    expect(isInNightWindow(secondHalf)).toBe(true);
    // Monday after each change: office hours at local 08:30, whatever the UTC offset.
    expect(rateAt(new Date('2026-03-30T06:30:00Z'), rules)).toBe(100_000); // 08:30 CEST
    expect(rateAt(new Date('2026-03-30T06:29:00Z'), rules)).toBeNull();
    expect(rateAt(new Date('2026-10-26T07:30:00Z'), rules)).toBe(100_000); // 08:30 CET
    expect(rateAt(new Date('2026-10-26T07:29:00Z'), rules)).toBeNull();
  });

  it('next night start is local 19:00 even on a DST day', () => {
    const n1 = nextNightStart(at(2026, 3, 29, 12));
    expect([n1.getDate(), n1.getHours(), n1.getMinutes()]).toEqual([29, 19, 0]);
    expect(n1.toISOString()).toBe('2026-03-29T17:00:00.000Z'); // CEST
    const n2 = nextNightStart(at(2026, 3, 28, 12));
    expect(n2.toISOString()).toBe('2026-03-28T18:00:00.000Z'); // still CET
    const inside = at(2026, 6, 15, 23);
    expect(nextNightStart(inside).getTime()).toBe(inside.getTime());
    const afterMorning = nextNightStart(at(2026, 6, 16, 7, 30));
    expect([afterMorning.getDate(), afterMorning.getHours()]).toEqual([16, 19]);
    const lateEvening = nextNightStart(at(2026, 12, 31, 18, 0), { start: '23:00', end: '05:00' });
    expect([lateEvening.getFullYear(), lateEvening.getDate(), lateEvening.getHours()]).toEqual([2026, 31, 23]);
  });

  it('next rule change finds the next boundary, across midnight', () => {
    const c = nextRuleChange(at(2026, 6, 15, 8, 0), rules);
    expect([c.getHours(), c.getMinutes()]).toEqual([8, 30]);
    const c2 = nextRuleChange(at(2026, 6, 15, 20, 0), rules);
    expect([c2.getDate(), c2.getHours()]).toEqual([16, 7]);
  });

  it('metered connection pauses only when the rule says so', () => {
    expect(meteredPause(rules, true)).toBe(true);
    expect(meteredPause(rules, false)).toBe(false);
    expect(meteredPause({ ...rules, pauseOnMetered: false }, true)).toBe(false);
  });
});
