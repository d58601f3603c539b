// ACK/ATR poll spacing: learnt turnaround for the first poll, half the age after, jitter.
import { describe, expect, it } from 'vitest';
import { ackPollDelay, firstPollDelay, nextPollDelay, TurnaroundEstimate } from '../../../main/core/sync/poll-spacing';
import { seededRng } from '../../../main/core/sync/backoff';
import { DEFAULT_SYNC_SETTINGS } from '../../../main/core/sync/sync-types';

const s = DEFAULT_SYNC_SETTINGS.tracking; // initial 10 s, max 15 min, Vitam 60 s

describe('poll spacing', () => {
  it('learns a high quantile of the archive’s turnaround from its reply dates, ignoring skewed clocks', () => {
    const e = new TurnaroundEstimate();
    expect(e.estimate('p')).toBeNull();
    const sent = 1_000_000;
    for (let i = 1; i <= 10; i++) e.record('p', sent, new Date(sent + i * 10_000).toISOString(), sent + 200_000);
    e.record('p', sent, new Date(sent - 5_000).toISOString(), sent + 200_000); // before sending: ignored
    e.record('p', sent, new Date(sent + 900_000).toISOString(), sent + 200_000); // in the future: ignored
    e.record('p', sent, undefined, sent + 200_000);
    expect(e.estimate('p')).toBe(90_000);
    expect(e.estimate('other')).toBeNull();
  });

  it('starts from the profile’s past replies, loaded once', () => {
    const e = new TurnaroundEstimate();
    let loads = 0;
    const past = () => {
      loads++;
      return [
        { sentAt: '2026-12-04T16:00:00.000Z', repliedAt: '2026-12-04T16:02:00.000Z' },
        { sentAt: '2026-12-04T17:00:00.000Z', repliedAt: '2026-12-04T16:59:00.000Z' }, // skewed: ignored
      ];
    };
    const now = Date.parse('2026-12-07T08:00:00Z');
    e.ensure('p', past, now);
    e.ensure('p', past, now);
    expect(loads).toBe(1);
    expect(e.estimate('p')).toBe(120_000);
    e.ensure('empty', () => [], now);
    expect(e.estimate('empty')).toBeNull();
  });

  it('first poll after about the turnaround (±10 %), never before the initial delay', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 100; i++) {
      const d = firstPollDelay(s, 120_000, rng);
      expect(d).toBeGreaterThanOrEqual(108_000);
      expect(d).toBeLessThanOrEqual(132_000);
      expect(firstPollDelay(s, null, rng)).toBeGreaterThanOrEqual(9_000);
    }
  });

  it('later polls at half the age (±20 %), capped, Vitam at most once a minute', () => {
    const rng = seededRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = nextPollDelay(s, 600_000, false, rng);
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(360_000);
      seen.add(Math.round(d / 1000));
      expect(nextPollDelay(s, 10 * 86_400_000, false, rng)).toBeLessThanOrEqual(s.maxMs * 1.2);
      expect(nextPollDelay(s, 1_000, true, rng)).toBeGreaterThanOrEqual(60_000);
    }
    expect(seen.size).toBeGreaterThan(50); // spread, not one value for every desktop
  });

  it('asks as@lae’s Acknowledgement soon after sending, apart from the reply asked at the turnaround', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 200; i++) {
      const ack = ackPollDelay(s, 150_000, rng);
      expect(ack).toBeGreaterThanOrEqual(8_000);
      expect(ack).toBeLessThanOrEqual(12_000);
      expect(firstPollDelay(s, 150_000, rng)).toBeGreaterThan(ack + 100_000);
    }
    // A fast archive: never later than its own turnaround.
    expect(ackPollDelay(s, 2_000, rng)).toBeLessThanOrEqual(2_400);
  });
});
