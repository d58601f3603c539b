import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_LOCKABLE_KEYS,
  applyPolicy,
  checkProfileAgainstPolicy,
  isEndpointAllowed,
  loadPolicy,
  NO_POLICY,
  parseRegQuery,
  policyFromObject,
  policyPinsFor,
  settingsLocks,
} from '../../../main/core/policy';
import { Settings } from '../../../main/core/app/settings';
import type { SettingsRepository } from '../../../main/core/store/settings';

const dirs: string[] = [];
function policyFile(content: string): string {
  const d = mkdtempSync(join(tmpdir(), 'sceau-policy-'));
  dirs.push(d);
  const p = join(d, 'policy.json');
  writeFileSync(p, content);
  return p;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const GOOD = {
  version: 1,
  allowedEndpoints: ['https://asalae.megalis.bretagne.bzh/'],
  tlsPins: { 'https://asalae.megalis.bretagne.bzh': ['AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg='] },
  allowedSirens: ['212900351'],
  bandwidth: { limitKbps: 2000 },
  updates: { enabled: false },
  telemetry: false,
  credentialStorage: 'keychain',
  startAtLogin: true,
};

describe('admin policy', () => {
  it('no file means no policy', () => {
    const p = loadPolicy({ filePath: join(tmpdir(), 'absent-sceau-policy.json'), registry: false });
    expect(p).toEqual(NO_POLICY);
    expect(applyPolicy({ startAtLogin: false, bandwidthLimitKbps: 10 }, p).allowed).toBe(true);
    expect(isEndpointAllowed('https://anything.example/', p)).toBe(true);
  });

  it('locks the keys a valid policy sets and refuses changes to them', () => {
    const p = loadPolicy({ filePath: policyFile(`\uFEFF${JSON.stringify(GOOD)}`), registry: false });
    expect(p.error).toBeNull();
    expect(p.safeMode).toBe(false);
    expect(Object.keys(p.locked)).toEqual(
      expect.arrayContaining([
        'startAtLogin',
        'bandwidthLimitKbps',
        'endpoints',
        'profiles',
        'tls',
        'updates',
        'telemetry',
        'credentials',
      ]),
    );
    expect(p.locked.theme).toBeUndefined();

    const refused = applyPolicy({ startAtLogin: false, theme: 'dark', bandwidthLimitKbps: 50 }, p);
    expect(refused.allowed).toBe(false);
    expect(refused.refusedKeys.sort()).toEqual(['bandwidthLimitKbps', 'startAtLogin']);
    expect(refused.message).toMatch(/verrouillés/);
    // Resubmitting the imposed value is fine; unlocked keys are fine.
    expect(applyPolicy({ startAtLogin: true, theme: 'dark', bandwidthLimitKbps: 2000 }, p)).toEqual({
      allowed: true,
      refusedKeys: [],
    });
  });

  it('checks endpoints, SIRENs and pins', () => {
    const p = policyFromObject(GOOD, ['test']);
    expect(isEndpointAllowed('https://asalae.megalis.bretagne.bzh/api/transfers', p)).toBe(true);
    expect(isEndpointAllowed('https://asalae.megalis.bretagne.bzh.evil.fr/', p)).toBe(false);
    expect(isEndpointAllowed('http://asalae.megalis.bretagne.bzh/', p)).toBe(false);
    expect(isEndpointAllowed('https://u:p@asalae.megalis.bretagne.bzh/', p)).toBe(false);
    expect(isEndpointAllowed('pas une url', p)).toBe(false);
    const scoped = policyFromObject({ allowedEndpoints: ['https://a.fr/sae'] }, ['t']);
    expect(isEndpointAllowed('https://a.fr/sae/x', scoped)).toBe(true);
    expect(isEndpointAllowed('https://a.fr/saex', scoped)).toBe(false);
    expect(
      checkProfileAgainstPolicy(
        { siren: '212900351', endpoints: [{ url: 'https://asalae.megalis.bretagne.bzh/' }] },
        p,
      ),
    ).toBeNull();
    expect(checkProfileAgainstPolicy({ siren: '200000000' }, p)).toMatch(/n’est pas autorisé/);
    expect(checkProfileAgainstPolicy({ siren: '212900351', endpoints: [{ url: 'https://other.fr/' }] }, p)).toMatch(
      /n’est pas autorisée/,
    );
    expect(policyPinsFor('https://asalae.megalis.bretagne.bzh/x', p)).toHaveLength(1);
    expect(policyPinsFor('https://other.fr/', p)).toBeNull();
  });

  it.each([
    ['bad JSON', '{ "startAtLogin": tru', /JSON invalide/],
    ['unknown key', JSON.stringify({ startAtLogn: true }), /clé\(s\) inconnue\(s\) « startAtLogn »/],
    ['wrong type', JSON.stringify({ startAtLogin: 'oui' }), /startAtLogin/],
    ['telemetry on', JSON.stringify({ telemetry: true }), /telemetry/],
    ['not an object', '[1,2]', /objet JSON/],
  ])('an invalid policy (%s) is reported and keeps locked-safe defaults', (_name, content, message) => {
    const p = loadPolicy({ filePath: policyFile(content), registry: false });
    expect(p.error).toMatch(/Politique d’administration/);
    expect(p.error).toMatch(message);
    expect(p.safeMode).toBe(true);
    for (const key of ALL_LOCKABLE_KEYS) expect(p.locked[key]).toBeTruthy();
    expect(applyPolicy({ startAtLogin: true }, p).allowed).toBe(false);
    expect(applyPolicy({ theme: 'dark' }, p).allowed).toBe(true);
    expect(isEndpointAllowed('https://asalae.megalis.bretagne.bzh/', p)).toBe(false);
    expect(checkProfileAgainstPolicy({ siren: '212900351' }, p)).toMatch(/impossible/);
    expect(p.values.updates?.enabled).toBe(false);
  });

  it('SCEAU_POLICY_FILE overrides the system location', () => {
    const before = process.env.SCEAU_POLICY_FILE;
    process.env.SCEAU_POLICY_FILE = policyFile(JSON.stringify({ startAtLogin: false }));
    try {
      expect(loadPolicy().locked.startAtLogin).toBeTruthy();
    } finally {
      if (before === undefined) delete process.env.SCEAU_POLICY_FILE;
      else process.env.SCEAU_POLICY_FILE = before;
    }
  });

  it('parses reg.exe output (Group Policy) into policy values', () => {
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Sceau',
      '    startAtLogin    REG_DWORD    0x0',
      '    allowedEndpoints    REG_MULTI_SZ    https://a.fr/\\0https://b.fr/',
      '    allowedSirens    REG_SZ    ["212900351"]',
      '    credentialStorage    REG_SZ    keychain',
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Sceau\\updates',
      '    enabled    REG_DWORD    0x1',
      '    url    REG_SZ    https://maj.cc-exemple.fr/sceau/',
      '',
    ].join('\r\n');
    const tree = parseRegQuery(out);
    expect(tree).toEqual({
      startAtLogin: false,
      allowedEndpoints: ['https://a.fr/', 'https://b.fr/'],
      allowedSirens: ['212900351'],
      credentialStorage: 'keychain',
      updates: { enabled: true, url: 'https://maj.cc-exemple.fr/sceau/' },
    });
    const p = policyFromObject(tree, ['registre']);
    expect(p.error).toBeNull();
    expect(p.locked.updates).toBeTruthy();
    expect(parseRegQuery('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
  });

  it('office-hour days are ISO weekdays like the settings (1 = lundi … 7 = dimanche)', () => {
    const hours = (days: number[]) => ({
      bandwidth: { officeHours: { enabled: true, start: '08:30', end: '17:30', limitKbps: 512, days } },
    });
    expect(policyFromObject(hours([1, 2, 3, 4, 5, 6, 7]), ['t']).error).toBeNull();
    expect(policyFromObject(hours([0]), ['t']).error).toMatch(/days/);
  });

  it('an hour that does not exist (25:00, 12:60) is refused, not left to stop the deposits later', () => {
    // The schedule rules throw on such an hour: accepted here, it would stop the engine's pump.
    const hours = (start: string, end: string) => ({
      bandwidth: { officeHours: { enabled: true, start, end, limitKbps: 512, days: [1] }, nightWindow: { start, end } },
    });
    expect(policyFromObject(hours('00:00', '23:59'), ['t']).error).toBeNull();
    expect(policyFromObject(hours('19:00', '24:00'), ['t']).error).toBeNull();
    expect(policyFromObject(hours('25:00', '07:00'), ['t']).error).toMatch(/HH:MM/);
    expect(policyFromObject(hours('08:30', '12:60'), ['t']).error).toMatch(/HH:MM/);
    expect(policyFromObject(hours('24:30', '07:00'), ['t']).error).toMatch(/HH:MM/);
  });

  it('a night window that never opens (start = end) is refused: « Verser ce soir » would wait forever', () => {
    const night = (start: string, end: string) => ({ bandwidth: { nightWindow: { start, end } } });
    expect(policyFromObject(night('19:00', '07:00'), ['t']).error).toBeNull();
    expect(policyFromObject(night('19:00', '19:00'), ['t']).error).toMatch(/nightWindow/);
  });

  it('settingsLocks feeds the engine settings: imposed values win, locked keys are refused', () => {
    const stored = new Map<string, unknown>([['app.settings', { bandwidthLimitKbps: 10, theme: 'dark' }]]);
    const repo = {
      get: <T>(key: string, fallback: T): T => (stored.has(key) ? (stored.get(key) as T) : fallback),
      set: (key: string, value: unknown) => void stored.set(key, value),
    } as unknown as SettingsRepository;
    const policy = policyFromObject({ ...GOOD, tsaUrl: 'https://horodatage.example.fr/tsa', proxy: { mode: 'none' } }, [
      't',
    ]);
    const settings = new Settings(repo, () => settingsLocks(policy));
    const view = settings.view();
    expect(view.values).toMatchObject({
      bandwidthLimitKbps: 2000,
      startAtLogin: true,
      theme: 'dark',
      tsaUrl: 'https://horodatage.example.fr/tsa',
      proxy: { mode: 'none' },
    });
    expect(view.locked.bandwidthLimitKbps).toMatch(/débit/);
    expect(view.policyError).toBeNull();
    expect(settings.update({ bandwidthLimitKbps: 5 }).refused).toEqual(['bandwidthLimitKbps']);
    expect(settings.update({ theme: 'light' }).refused).toEqual([]);
  });

  it.runIf(process.platform === 'win32')('reads the real registry without failing', async () => {
    const { readRegistryPolicy } = await import('../../../main/core/policy');
    expect(readRegistryPolicy().error).toBeNull();
  });
});
