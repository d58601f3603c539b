// The wall clock jumps (a suspended laptop wakes up, the clock is set by hand or by NTP):
// what became due meanwhile leaves within a few seconds, not when a timer armed on the old
// time would have fired. Real SQLite, the demo archive over HTTP; only the wall clock is moved.
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, sleep, type SyncHarness } from './harness';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('wall clock jump', () => {
  it('« Verser ce soir » leaves once the clock jumps into the night window (suspend/resume)', async () => {
    h = await makeHarness({ kind: 'asalae' });
    h.settings = { ...h.settings, bandwidth: { ...h.settings.bandwidth, night: { start: '19:00', end: '07:00' } } };
    let wall = new Date(2026, 11, 7, 17, 0, 0).getTime(); // 17:00 local, two hours before the window
    const t = await h.addTransfer('asalae');
    const engine = h.engine({ now: () => new Date(wall), tickMs: 100 });
    engine.scheduleTonight([t.id]);
    engine.start();
    await sleep(400);
    expect(h.transfers.get(t.id)).toMatchObject({ state: 'queued', attempts: 0 });
    // The laptop slept from 17:00 to 20:30: the timer armed for 19:00 has not run its two hours.
    wall += 3.5 * 3_600_000;
    const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 5_000);
    expect(row?.attempts).toBe(1);
  });

  it('a retry due later is sent once the clock jumps past it', async () => {
    h = await makeHarness({ kind: 'asalae' });
    h.settings = { ...h.settings, retry: { baseMs: 3_600_000, maxMs: 3_600_000, minMs: 3_600_000 } };
    let wall = Date.now();
    const t = await h.addTransfer('asalae');
    // A failed attempt an hour from its retry (as after a transient error).
    h.db
      .prepare("UPDATE transfers SET state = 'failed', next_attempt_at = ? WHERE id = ?")
      .run(new Date(wall + 3_600_000).toISOString(), t.id);
    const engine = h.engine({ now: () => new Date(wall), tickMs: 100 });
    engine.start();
    await sleep(400);
    expect(h.transfers.get(t.id)).toMatchObject({ state: 'failed', attempts: 0 });
    wall += 3_700_000;
    const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 5_000);
    expect(row?.attempts).toBe(1);
  });

  it('a retry due in a second still leaves in seconds after the clock is set back an hour', async () => {
    // NTP corrects a PC whose clock ran an hour ahead: waits armed on the wrong time keep their length.
    h = await makeHarness({ kind: 'asalae' });
    let skew = 0; // the wall clock runs, then is set back
    const wall = Date.now();
    const t = await h.addTransfer('asalae');
    h.db
      .prepare("UPDATE transfers SET state = 'failed', next_attempt_at = ? WHERE id = ?")
      .run(new Date(wall + 1_500).toISOString(), t.id);
    const engine = h.engine({ now: () => new Date(Date.now() + skew), tickMs: 100 });
    engine.start();
    await sleep(300);
    skew -= 3_600_000;
    const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 6_000);
    expect(row?.attempts).toBe(1);
  });

  it('office hours at 0 kbit/s: nothing leaves during them, everything leaves once they end', async () => {
    h = await makeHarness({ kind: 'asalae' });
    h.settings = {
      ...h.settings,
      bandwidth: {
        ...h.settings.bandwidth,
        officeHours: { enabled: true, days: [1, 2, 3, 4, 5, 6, 7], start: '08:30', end: '17:30', limitKbps: 0 },
      },
    };
    let wall = new Date(2026, 11, 7, 10, 0, 0).getTime(); // 10:00 local, inside office hours
    const t = await h.addTransfer('asalae');
    const engine = h.engine({ now: () => new Date(wall), tickMs: 100 });
    engine.start();
    await sleep(800);
    expect(h.transfers.get(t.id)).toMatchObject({ state: 'queued', attempts: 0 });
    wall = new Date(2026, 11, 7, 17, 31, 0).getTime();
    const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 5_000);
    expect(row?.attempts).toBe(1);
  });
});
