// Issue 16 §5 — a password is never dropped silently. With no keychain on the machine:
// keychain-required mode refuses (French message, non-zero exit, nothing created, nothing in
// memory); session mode says the password lives for this run only.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../cli/helpers';
import { openEngine, tempDir } from '../engine/helpers';

const root = tempDir('sceau-credentials-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ADD = [
  'profile',
  'add',
  '--name',
  'Mairie de Plouzané',
  '--siren',
  '212900351',
  '--archive',
  'asalae',
  '--url',
  'https://archive.exemple.fr/restservices',
  '--login',
  'plouzane',
  '--password-stdin',
];

describe('CLI without a keychain', () => {
  it('keychain required: refuses in French, exits non-zero, creates nothing', { timeout: 60_000 }, async () => {
    const d = ['--data-dir', path.join(root, 'required')];
    const r = await runCli([...d, '--credentials', 'keychain', ...ADD], { env: cliEnv(), input: 'secret\n' });
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/exige le trousseau de clés/);
    expect(r.stdout).not.toMatch(/Profil créé/);
    expect(r.stderr + r.stdout).not.toContain('secret');
    const list = await runCli([...d, '--json', 'profile', 'list'], { env: cliEnv() });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('session mode: says the password is kept for this run only', { timeout: 60_000 }, async () => {
    const d = ['--data-dir', path.join(root, 'session')];
    const r = await runCli([...d, '--credentials', 'auto', ...ADD], { env: cliEnv(), input: 'secret\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Profil créé/);
    expect(r.stderr).toMatch(/pour cette exécution seulement/);
  });
});

describe('engine in keychain-required mode without a keychain', () => {
  it('keeps no secret at all, not even in memory', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'disabled:';
    const engine = await openEngine(path.join(root, 'engine'), { credentials: 'keychain' });
    try {
      expect(engine.parts.keychain.kind).toBe('none');
      expect(engine.parts.keychain.message).toMatch(/exige le trousseau/);
      await expect(
        engine.handlers.createProfile({
          profile: {
            name: 'Mairie',
            siren: '212900351',
            archiveKind: 'asalae',
            endpoints: [{ url: 'https://archive.exemple.fr/restservices' }],
          },
          password: 'secret',
        }),
      ).rejects.toThrow(/exige le trousseau/);
      expect(await engine.handlers.listProfiles({})).toEqual([]);
      await expect(engine.handlers.setProxyPassword({ password: 'secret' })).rejects.toThrow(/exige le trousseau/);
      await expect(engine.parts.credentials.set('x/archive-password', 'secret')).rejects.toThrow();
      expect(await engine.parts.credentials.get('x/archive-password')).toBeNull();
    } finally {
      await engine.close();
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  }, 60_000);
});
