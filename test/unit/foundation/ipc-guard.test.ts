import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../main/contract/api';
import type { Handlers } from '../../../main/core/api/dispatch';
import { guardedIpc } from '../../../main/electron/ipc-guard';
import { APP_ENTRY } from '../../../main/electron/secure-web-preferences';

function recordingHandlers(calls: string[]): Handlers {
  const all: Record<string, (r: unknown) => Promise<unknown>> = {};
  for (const c of CHANNEL_NAMES) all[c] = async (r) => (calls.push(c), { ok: r });
  return all as unknown as Handlers;
}

const trusted = { frameUrl: APP_ENTRY, isMainFrame: true, fromKnownWindow: true };

describe('Electron IPC guard', () => {
  it('answers a valid call from our own top frame', async () => {
    const calls: string[] = [];
    const call = guardedIpc(recordingHandlers(calls), () => undefined);
    expect(await call(trusted, 'getDocument', { id: 'd1' })).toEqual({ ok: true, value: { ok: { id: 'd1' } } });
    expect(calls).toEqual(['getDocument']);
  });

  it('refuses a call from an unknown frame before any validation or handler', async () => {
    const calls: string[] = [];
    const logs: string[] = [];
    const call = guardedIpc(recordingHandlers(calls), (l) => logs.push(l));
    for (const sender of [
      { ...trusted, frameUrl: 'https://evil.example/' },
      { ...trusted, isMainFrame: false },
      { ...trusted, fromKnownWindow: false },
      { ...trusted, frameUrl: null },
    ]) {
      const r = await call(sender, 'getDocument', { id: 'd1' });
      expect(r).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Demande refusée : origine non autorisée.' },
      });
    }
    expect(calls).toEqual([]);
    expect(logs).toHaveLength(4);
  });

  it('refuses an invalid payload from a trusted frame', async () => {
    const calls: string[] = [];
    const call = guardedIpc(recordingHandlers(calls), () => undefined);
    const r = await call(trusted, 'depositNow', { ids: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid');
    const r2 = await call(trusted, 'updateSettings', { theme: 'rose' });
    expect(r2.ok).toBe(false);
    expect(calls).toEqual([]);
  });
});
