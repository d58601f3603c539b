// Paramètres' pure rules: the settings as the form edits them (text fields as typed), back
// and forth with the contract's SettingsView / SettingsPatch, and the checks beside each
// field. Keys locked by the administrator never go into a patch.
import type { SettingsPatch, SettingsView } from '../../../main/contract/api';
import { CHANNELS } from '../../../main/contract/api';
import { t } from '../i18n/fr';
import { isHttpUrl, isTime } from './validate';

export type Values = SettingsView['values'];
export type Theme = Values['theme'];
export type AutoDeposit = Values['autoDeposit'];
export type ProxyMode = Values['proxy']['mode'];

/** The contract's choices, in its order (Non, Dès que possible, Le soir). */
export const AUTO_DEPOSIT: readonly AutoDeposit[] = CHANNELS.updateSettings.shape.autoDeposit.unwrap().options;
/** ISO weekdays, as the contract wants them: 1 = lundi … 7 = dimanche. */
export const DAYS = [1, 2, 3, 4, 5, 6, 7];

export interface Draft {
  bandwidth: string;
  officeEnabled: boolean;
  officeStart: string;
  officeEnd: string;
  officeLimit: string;
  officeDays: number[];
  nightStart: string;
  nightEnd: string;
  pauseOnMetered: boolean;
  proxyMode: ProxyMode;
  proxyUrl: string;
  proxyUser: string;
  startAtLogin: boolean;
  notifications: boolean;
  tsaUrl: string;
  tsaCertPem: string;
  autoDeposit: AutoDeposit;
}

export type Errors = Partial<Record<keyof Draft, string>>;

export function toDraft(v: Values): Draft {
  return {
    bandwidth: v.bandwidthLimitKbps === null ? '' : String(v.bandwidthLimitKbps),
    officeEnabled: v.officeHours.enabled,
    officeStart: v.officeHours.start,
    officeEnd: v.officeHours.end,
    officeLimit: String(v.officeHours.limitKbps),
    officeDays: [...v.officeHours.days],
    nightStart: v.nightWindow.start,
    nightEnd: v.nightWindow.end,
    pauseOnMetered: v.pauseOnMetered,
    proxyMode: v.proxy.mode,
    proxyUrl: v.proxy.url ?? '',
    proxyUser: v.proxy.username ?? '',
    startAtLogin: v.startAtLogin,
    notifications: v.notifications,
    tsaUrl: v.tsaUrl ?? '',
    tsaCertPem: v.tsaCertPem ?? '',
    autoDeposit: v.autoDeposit,
  };
}

const PEM = /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/;

export function checkDraft(d: Draft): Errors {
  const e: Errors = {};
  if (d.bandwidth !== '' && !/^\d+$/.test(d.bandwidth)) e.bandwidth = t('valid.number0');
  if (!/^\d+$/.test(d.officeLimit)) e.officeLimit = t('valid.number0');
  if (!isTime(d.officeStart)) e.officeStart = t('valid.time');
  if (!isTime(d.officeEnd)) e.officeEnd = t('valid.time');
  if (!isTime(d.nightStart)) e.nightStart = t('valid.time');
  if (!isTime(d.nightEnd)) e.nightEnd = t('valid.time');
  if (d.tsaUrl.trim() !== '' && !isHttpUrl(d.tsaUrl.trim())) e.tsaUrl = t('valid.url');
  const pem = d.tsaCertPem.trim();
  if (pem !== '' && !PEM.test(pem)) e.tsaCertPem = t('valid.pem');
  if (d.tsaUrl.trim() !== '' && pem === '') e.tsaCertPem = t('valid.pemMissing');
  return e;
}

/** The patch for « Enregistrer »: every unlocked key, blanks as null, days sorted and bounded. */
export function toPatch(draft: Draft, locked: Record<string, string>): SettingsPatch {
  const open = (key: string) => locked[key] === undefined;
  const patch: SettingsPatch = {};
  if (open('bandwidthLimitKbps')) patch.bandwidthLimitKbps = draft.bandwidth === '' ? null : Number(draft.bandwidth);
  if (open('officeHours'))
    patch.officeHours = {
      enabled: draft.officeEnabled,
      start: draft.officeStart,
      end: draft.officeEnd,
      limitKbps: Number(draft.officeLimit),
      days: [...new Set(draft.officeDays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b),
    };
  if (open('nightWindow')) patch.nightWindow = { start: draft.nightStart, end: draft.nightEnd };
  if (open('pauseOnMetered')) patch.pauseOnMetered = draft.pauseOnMetered;
  if (open('proxy')) {
    const proxy: NonNullable<SettingsPatch['proxy']> = { mode: draft.proxyMode };
    if (draft.proxyMode === 'manual') {
      if (draft.proxyUrl.trim()) proxy.url = draft.proxyUrl.trim();
      if (draft.proxyUser.trim()) proxy.username = draft.proxyUser.trim();
    }
    patch.proxy = proxy;
  }
  if (open('startAtLogin')) patch.startAtLogin = draft.startAtLogin;
  if (open('notifications')) patch.notifications = draft.notifications;
  if (open('tsaUrl')) patch.tsaUrl = draft.tsaUrl.trim() === '' ? null : draft.tsaUrl.trim();
  if (open('tsaCertPem')) patch.tsaCertPem = draft.tsaCertPem.trim() === '' ? null : draft.tsaCertPem.trim();
  if (open('autoDeposit')) patch.autoDeposit = draft.autoDeposit;
  return patch;
}

/** A day ticked or unticked in the office-hours days. */
export function toggleDay(days: readonly number[], day: number, on: boolean): number[] {
  return on ? [...new Set([...days, day])] : days.filter((x) => x !== day);
}
