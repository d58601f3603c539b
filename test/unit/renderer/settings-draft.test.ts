// Paramètres' draft ↔ patch mapping (renderer/src/lib/settings-draft.ts), checked against
// the contract's own schema: what the form sends is what updateSettings accepts.
import { describe, expect, it } from 'vitest';
import { CHANNELS, type SettingsView } from '../../../main/contract/api';
import { checkDraft, toDraft, toggleDay, toPatch } from '../../../renderer/src/lib/settings-draft';

const values: SettingsView['values'] = {
  bandwidthLimitKbps: null,
  officeHours: { enabled: true, start: '08:30', end: '18:00', limitKbps: 512, days: [1, 2, 3, 4, 5] },
  nightWindow: { start: '20:00', end: '06:00' },
  pauseOnMetered: true,
  proxy: { mode: 'manual', url: 'http://proxy.mairie.local:3128', username: 'secretariat' },
  startAtLogin: false,
  notifications: true,
  theme: 'system',
  tsaUrl: null,
  tsaCertPem: null,
  tsaPolicyOid: null,
  tsaQualified: false,
  largeFileConfirmMb: 1000,
  stabilityDelayMs: 2000,
  autoDeposit: 'tonight',
  activeProfileId: null,
};

describe('settings draft ↔ patch', () => {
  it('round-trips: the patch of an untouched draft restores the same values, and the contract accepts it', () => {
    const patch = toPatch(toDraft(values), {});
    expect(CHANNELS.updateSettings.safeParse(patch).success).toBe(true);
    expect(patch).toEqual({
      bandwidthLimitKbps: null,
      officeHours: values.officeHours,
      nightWindow: values.nightWindow,
      pauseOnMetered: true,
      proxy: { mode: 'manual', url: 'http://proxy.mairie.local:3128', username: 'secretariat' },
      startAtLogin: false,
      notifications: true,
      tsaUrl: null,
      tsaCertPem: null,
      autoDeposit: 'tonight',
    });
  });

  it('never sends a key the administrator locked', () => {
    const patch = toPatch(toDraft(values), { proxy: 'politique', officeHours: 'politique', autoDeposit: 'x' });
    expect(patch).not.toHaveProperty('proxy');
    expect(patch).not.toHaveProperty('officeHours');
    expect(patch).not.toHaveProperty('autoDeposit');
    expect(patch).toHaveProperty('nightWindow');
  });

  it('turns text back into numbers and blanks into null; proxy details only in manual mode', () => {
    const d = { ...toDraft(values), bandwidth: '2048', tsaUrl: '  ', proxyMode: 'system' as const };
    const patch = toPatch(d, {});
    expect(patch.bandwidthLimitKbps).toBe(2048);
    expect(patch.tsaUrl).toBeNull();
    expect(patch.proxy).toEqual({ mode: 'system' });
  });

  it('keeps office days unique, within 1–7 and sorted', () => {
    let days = toggleDay([5, 1], 3, true);
    days = toggleDay(days, 3, true);
    days = toggleDay(days, 1, false);
    expect(toPatch({ ...toDraft(values), officeDays: [...days, 9, 0] }, {}).officeHours?.days).toEqual([3, 5]);
  });

  it('says what is wrong beside each field, in French', () => {
    const bad = {
      ...toDraft(values),
      bandwidth: '12k',
      officeStart: '8h',
      tsaUrl: 'ftp://tsa',
      tsaCertPem: '',
    };
    const e = checkDraft(bad);
    expect(Object.keys(e).sort()).toEqual(['bandwidth', 'officeStart', 'tsaCertPem', 'tsaUrl']);
    for (const m of Object.values(e)) expect(m).toMatch(/[a-zé]/);
    expect(checkDraft(toDraft(values))).toEqual({});
    // A TSA needs its certificate.
    expect(checkDraft({ ...toDraft(values), tsaUrl: 'https://tsa.example/' }).tsaCertPem).toBeDefined();
  });
});
