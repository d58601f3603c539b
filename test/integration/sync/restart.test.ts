// Crash safety: the engine process is SIGKILLed mid-upload and mid-tracking; a new engine
// on the same database finishes the job and the archive stores the transfer exactly once.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type SyncHarness } from './harness';
import { startChild, type Child } from './child-process';

let h: SyncHarness | null = null;
let child: Child | null = null;
afterEach(async () => {
  await child?.kill('SIGKILL');
  await h?.close();
  h = child = null;
});

const ENGINE = new URL('./children/engine-child.ts', import.meta.url).pathname;

describe('restart after a crash', () => {
  it('SIGKILL mid-upload: resumes the chunk session, accepted once', async () => {
    h = await makeHarness({ kind: 'asalae' });
    h.settings = { ...h.settings, bandwidth: { ...h.settings.bandwidth, baseLimitKbps: 8_000, officeHours: null } };
    const t = await h.addTransfer('asalae', { files: [{ name: 'budget.pdf', data: randomBytes(1_000_000) }] }, 1);
    const total = h.prepared.get(t.id)!.totalBytes;
    child = await startChild(ENGINE, {
      dbFile: h.dbFile,
      kind: 'asalae',
      url: h.endpoints.asalae[0],
      prepared: Object.fromEntries(h.prepared),
      settings: h.settings,
    });
    // Kill once about 40 % went through.
    for (;;) {
      const p = await child.next<{ sentBytes: number }>('progress');
      if (p.sentBytes > total * 0.4) break;
    }
    await child.kill('SIGKILL');
    child = null;
    const mid = h.transfers.get(t.id)!;
    expect(mid.state).toBe('sending'); // the crash left it in flight: outcome unknown
    expect(mid.attempts).toBe(1);
    expect(Number(mid.resumeState?.lastChunkAcked)).toBeGreaterThan(0);

    const engine = h.engine();
    engine.start();
    const [r] = await h.waitStates([t.id], ['accepted']);
    expect(r!.attempts).toBe(2);
    const stats = h.archive!.stats();
    expect(stats.accepted).toEqual([r!.messageIdentifier]);
    expect(stats.duplicatesRefused).toBe(0);
    expect(stats.chunksReceived).toBeLessThanOrEqual(Math.ceil(total / (32 * 1024)) + 2);
  });

  it.each(['asalae', 'vitam'] as const)('SIGKILL mid-tracking (%s): tracking resumes, never resent', async (kind) => {
    h = await makeHarness({ kind, pendingMs: 1_500 });
    const t = await h.addTransfer(kind, {}, 1);
    const url = h.endpoints[kind][0];
    child = await startChild(ENGINE, {
      dbFile: h.dbFile,
      kind,
      url,
      prepared: Object.fromEntries(h.prepared),
      settings: h.settings,
    });
    for (;;) {
      const s = await child.next<{ state: string }>('state');
      if (s.state === 'sent') break;
    }
    // The hook runs inside the transaction: wait for the commit, then kill while tracking.
    while (h.transfers.get(t.id)!.state !== 'sent') await new Promise((r) => setTimeout(r, 5));
    await child.kill('SIGKILL');
    child = null;
    expect(h.transfers.get(t.id)!.state).toBe('sent');
    const engine = h.engine();
    engine.start();
    const [r] = await h.waitStates([t.id], ['accepted']);
    expect(r!.attempts).toBe(1);
    expect(h.archive!.stats().accepted).toEqual([r!.messageIdentifier]);
    expect(h.archive!.stats().duplicatesRefused).toBe(0);
  });
});
