// Issue 16 §6 — admin locks cannot be escaped: SCEAU_POLICY_FILE (set by any user) may only
// add locks to the system policy, never replace or remove them, and never turn updates on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isEndpointAllowed, loadPolicy } from '../../../main/core/policy';

const dir = mkdtempSync(join(tmpdir(), 'sceau-policy-override-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};

const SYSTEM = {
  allowedEndpoints: ['https://asalae.megalis.bretagne.bzh/'],
  startAtLogin: true,
  updates: { enabled: false },
  credentialStorage: 'keychain',
};

const before = process.env.SCEAU_POLICY_FILE;
afterEach(() => {
  if (before === undefined) delete process.env.SCEAU_POLICY_FILE;
  else process.env.SCEAU_POLICY_FILE = before;
});

describe('SCEAU_POLICY_FILE only adds locks', () => {
  it('an override that tries to unlock keeps every system lock, and its new keys are added', () => {
    const system = file('system.json', SYSTEM);
    process.env.SCEAU_POLICY_FILE = file('user.json', {
      allowedEndpoints: ['https://archive.pirate.example/'],
      startAtLogin: false,
      updates: { enabled: true, url: 'https://updates.pirate.example/' },
      credentialStorage: 'session',
      proxy: { mode: 'none' },
    });
    const p = loadPolicy({ filePath: system, registry: false });
    expect(p.error).toBeNull();
    expect(p.values.allowedEndpoints).toEqual(SYSTEM.allowedEndpoints);
    expect(isEndpointAllowed('https://archive.pirate.example/x', p)).toBe(false);
    expect(isEndpointAllowed('https://asalae.megalis.bretagne.bzh/restservices', p)).toBe(true);
    expect(p.values.startAtLogin).toBe(true);
    expect(p.values.updates).toEqual({ enabled: false });
    expect(p.values.credentialStorage).toBe('keychain');
    // A key the system leaves free becomes locked: the override added a lock.
    expect(p.values.proxy).toEqual({ mode: 'none' });
    expect(p.locked.proxy).toBeTruthy();
    expect(p.sources).toEqual([system, `${process.env.SCEAU_POLICY_FILE} (verrous ajoutés)`]);
  });

  it('an empty override removes nothing', () => {
    const system = file('system2.json', SYSTEM);
    process.env.SCEAU_POLICY_FILE = file('empty.json', {});
    const p = loadPolicy({ filePath: system, registry: false });
    expect(Object.keys(p.locked).sort()).toEqual(['credentials', 'endpoints', 'startAtLogin', 'updates']);
  });

  it('an override cannot turn updates on (towards its own address) even when the system says nothing', () => {
    process.env.SCEAU_POLICY_FILE = file('updates.json', {
      updates: { enabled: true, url: 'https://updates.pirate.example/' },
      startAtLogin: false,
    });
    const p = loadPolicy({ filePath: join(dir, 'absent.json'), registry: false });
    expect(p.values.updates).toBeUndefined();
    expect(p.values.startAtLogin).toBe(false);
  });

  it('a broken override locks everything rather than unlock anything', () => {
    const system = file('system3.json', SYSTEM);
    process.env.SCEAU_POLICY_FILE = file('broken.json', '{ "startAtLogin": ');
    const p = loadPolicy({ filePath: system, registry: false });
    expect(p.safeMode).toBe(true);
    expect(p.error).toMatch(/JSON invalide/);
  });
});
