import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, parseRequest } from '../../../main/contract/api';
import { dispatch, UserError, type Handlers } from '../../../main/core/api/dispatch';

function handlersWith(impl: Partial<Record<string, (r: unknown) => Promise<unknown>>>): Handlers {
  const all: Record<string, (r: unknown) => Promise<unknown>> = {};
  for (const c of CHANNEL_NAMES) all[c] = impl[c] ?? (async () => ({ called: c }));
  return all as unknown as Handlers;
}

describe('contract dispatcher', () => {
  it('refuses an unknown channel without calling anything', async () => {
    let called = false;
    const h = handlersWith({ getAppInfo: async () => ((called = true), {}) });
    const r = await dispatch(h, 'fs.readFile', { path: '/etc/passwd' });
    expect(r).toEqual({ ok: false, error: { code: 'unknown-channel', message: 'Demande refusée : canal inconnu.' } });
    expect(await dispatch(h, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatch(h, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(called).toBe(false);
  });

  it('refuses an invalid payload with a French message naming the field, before the handler runs', async () => {
    let called = false;
    const h = handlersWith({ intakePaths: async () => ((called = true), {}) });
    const r = await dispatch(h, 'intakePaths', { profileId: 'p1', paths: 'not-an-array' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(r.error.message).toMatch(/^Demande refusée : données invalides \(paths\)/);
    }
    expect(called).toBe(false);
  });

  it('refuses extra keys (strict schemas) and oversized inputs', async () => {
    const h = handlersWith({});
    expect((await dispatch(h, 'getDocument', { id: 'x', evil: true })).ok).toBe(false);
    expect((await dispatch(h, 'getDocument', { id: 'x'.repeat(101) })).ok).toBe(false);
    expect((await dispatch(h, 'searchClassification', { query: 'a'.repeat(501) })).ok).toBe(false);
    expect((await dispatch(h, 'addFolder', { profileId: 'p', path: 'a\0b' })).ok).toBe(false);
    expect((await dispatch(h, 'getDocument', { id: 'x' })).ok).toBe(true);
  });

  it('passes French user errors through and hides internal ones', async () => {
    const logged: string[] = [];
    const h = handlersWith({
      getDocument: async () => {
        throw new UserError('Document introuvable.', 'not-found');
      },
      listProfiles: async () => {
        throw new TypeError('cannot read properties of undefined (secret=abc)');
      },
    });
    expect(await dispatch(h, 'getDocument', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Document introuvable.' },
    });
    const r = await dispatch(h, 'listProfiles', {}, (ch) => logged.push(ch));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).not.toContain('secret');
    expect(logged).toEqual(['listProfiles']);
  });

  it('has a strict schema for every channel', () => {
    for (const c of CHANNEL_NAMES) {
      expect(CHANNELS[c]).toBeDefined();
      const probe = parseRequest(c, { definitelyNotAField: 1 });
      expect(probe.ok, `channel ${c} accepts unknown keys`).toBe(false);
    }
  });
});
