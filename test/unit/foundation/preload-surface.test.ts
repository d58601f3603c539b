// Loads the BUILT sandboxed preload with a recording stand-in for the electron module (the
// Electron binary cannot run here) and checks what it exposes: named functions only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, DROPPED_PATHS_CHANNEL, EVENT_CHANNEL } from '../../../main/contract/api';

const bundle = path.resolve('dist/electron/preload.cjs');

/** Rebuilt when missing or older than the sources it is made of. */
const stale = () =>
  !existsSync(bundle) ||
  ['preload/index.ts', 'main/contract/api.ts'].some((f) => statSync(f).mtimeMs > statSync(bundle).mtimeMs);

beforeAll(() => {
  if (stale()) execFileSync(process.execPath, ['scripts/build.mjs', 'node'], { stdio: 'inherit' });
}, 120_000);

function loadPreload() {
  const exposed: Record<string, unknown> = {};
  const invoked: Array<{ channel: string; payload: unknown }> = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => (
        invoked.push({ channel, payload }),
        { ok: true, value: 'pong' }
      ),
      on: (c: string, l: (...a: unknown[]) => void) => listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
      removeListener: (c: string, l: (...a: unknown[]) => void) => listeners.get(c)?.delete(l),
    },
    webUtils: { getPathForFile: (f: { path: string }) => f.path },
  };
  const requireStub = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`the sandboxed preload may only require electron, not ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(bundle, 'utf8'), { require: requireStub, module, exports: module.exports, console });
  return { exposed, invoked, listeners };
}

describe('preload surface', () => {
  it('exposes one object, sceau, made of named functions only — no ipcRenderer, no require', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['sceau']);
    const api = exposed.sceau as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'onEvent', 'intakeFiles', 'download'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|invoke|send|require/);
  });

  it('calls map to their own sceau: channel and unwrap the envelope', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.sceau as Record<string, (r: unknown) => Promise<unknown>>;
    await expect(api.getDocument!({ id: 'x' })).resolves.toBe('pong');
    expect(invoked).toEqual([{ channel: 'sceau:getDocument', payload: { id: 'x' } }]);
  });

  it('returns an unsubscribe function for every listener', () => {
    const { exposed, listeners } = loadPreload();
    const api = exposed.sceau as { onEvent: (l: () => void) => () => void };
    const off = api.onEvent(() => undefined);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(1);
    off();
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('intakeFiles tells main which paths were really dropped, then asks for their intake', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.sceau as { intakeFiles: (p: string, f: unknown[]) => Promise<unknown> };
    // A File made up by the page has no path (getPathForFile gives ''): it is not announced.
    await api.intakeFiles('profil', [{ path: '/home/maire/acte.pdf' }, { path: '' }]);
    expect(invoked).toEqual([
      { channel: DROPPED_PATHS_CHANNEL, payload: ['/home/maire/acte.pdf'] },
      { channel: 'sceau:intakePaths', payload: { profileId: 'profil', paths: ['/home/maire/acte.pdf'] } },
    ]);
  });

  it('intakeFiles names the acts confirmed at drop time by path, leaving out a file without one', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.sceau as {
      intakeFiles: (p: string, f: unknown[], g: unknown[]) => Promise<unknown>;
    };
    await api.intakeFiles(
      'profil',
      [{ path: '/home/maire/acte.pdf' }, { path: '' }, { path: '/home/maire/acte.pdf.p7s' }],
      [
        {
          act: 0,
          attachments: [
            { file: 1, role: 'annex' },
            { file: 2, role: 'signature' },
          ],
        },
      ],
    );
    expect(invoked[1]).toEqual({
      channel: 'sceau:intakePaths',
      payload: {
        profileId: 'profil',
        paths: ['/home/maire/acte.pdf', '/home/maire/acte.pdf.p7s'],
        groups: [
          { act: '/home/maire/acte.pdf', attachments: [{ file: '/home/maire/acte.pdf.p7s', role: 'signature' }] },
        ],
      },
    });
  });
});
