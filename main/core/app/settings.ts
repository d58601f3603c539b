// User settings: defaults, storage in SQLite (never a secret), and the administrator's
// locks applied on top (a locked key keeps the policy's value and cannot be changed).
import type { SettingsPatch, SettingsView } from '../../contract/api';
import type { SettingsRepository } from '../store/settings';
import type { BandwidthRules, IsoWeekday } from '../sync/schedule-rules';

export type SettingsValues = SettingsView['values'];

export const DEFAULT_SETTINGS: SettingsValues = {
  bandwidthLimitKbps: null,
  officeHours: { enabled: false, start: '08:30', end: '17:30', limitKbps: 512, days: [1, 2, 3, 4, 5] },
  nightWindow: { start: '19:00', end: '07:00' },
  pauseOnMetered: true,
  proxy: { mode: 'system' },
  startAtLogin: false,
  notifications: true,
  theme: 'system',
  tsaUrl: null,
  tsaCertPem: null,
  stabilityDelayMs: 2000,
  largeFileConfirmMb: 1024,
  autoDeposit: 'off',
  activeProfileId: null,
};

const KEY = 'app.settings';

export interface SettingsLocks {
  /** Values imposed by the policy. */
  values: Partial<SettingsValues>;
  /** Key → French reason shown beside the locked control. */
  locked: Record<string, string>;
  error: string | null;
}

export const NO_LOCKS: SettingsLocks = { values: {}, locked: {}, error: null };

export class Settings {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly locks: () => SettingsLocks,
  ) {}

  values(): SettingsValues {
    const stored = this.repo.get<Partial<SettingsValues>>(KEY, {});
    const locks = this.locks();
    const merged: SettingsValues = { ...DEFAULT_SETTINGS, ...stored };
    for (const key of Object.keys(locks.locked) as (keyof SettingsValues)[]) {
      if (key in locks.values) (merged as Record<string, unknown>)[key] = locks.values[key];
    }
    return merged;
  }

  view(): SettingsView {
    const locks = this.locks();
    return { values: this.values(), locked: { ...locks.locked }, policyError: locks.error };
  }

  /** Applies a patch; returns the keys refused because the administrator locked them. */
  update(patch: SettingsPatch): { refused: string[] } {
    const locks = this.locks();
    const refused = Object.keys(patch).filter((k) => k in locks.locked);
    if (refused.length > 0) return { refused };
    const stored = this.repo.get<Partial<SettingsValues>>(KEY, {});
    const next: Record<string, unknown> = { ...stored };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) next[k] = v;
    this.repo.set(KEY, next);
    return { refused: [] };
  }

  /**
   * Addresses saved by an older version with user:password@ in them: the secret leaves the
   * database (the proxy's user name moves to its own field). Returns the keys changed.
   */
  scrubCredentialsInUrls(): string[] {
    const stored = this.repo.get<Partial<SettingsValues>>(KEY, {});
    const changed: string[] = [];
    const proxy = stored.proxy;
    const p = proxy?.url ? withoutCredentials(proxy.url) : null;
    if (proxy && p) {
      stored.proxy = { ...proxy, url: p.url, ...(proxy.username || !p.user ? {} : { username: p.user }) };
      changed.push('proxy');
    }
    const t = stored.tsaUrl ? withoutCredentials(stored.tsaUrl) : null;
    if (t) {
      stored.tsaUrl = t.url;
      changed.push('tsaUrl');
    }
    if (changed.length > 0) this.repo.set(KEY, stored);
    return changed;
  }

  bandwidthRules(): BandwidthRules {
    const v = this.values();
    return {
      baseLimitKbps: v.bandwidthLimitKbps,
      officeHours: {
        enabled: v.officeHours.enabled,
        start: v.officeHours.start,
        end: v.officeHours.end,
        limitKbps: v.officeHours.limitKbps,
        days: v.officeHours.days.filter((d): d is IsoWeekday => d >= 1 && d <= 7),
      },
      night: v.nightWindow,
      pauseOnMetered: v.pauseOnMetered,
    };
  }
}

/** The URL without its user:password@ part, or null when it had none (or is not a URL). */
function withoutCredentials(raw: string): { url: string; user: string } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.username === '' && u.password === '') return null;
  const user = decodeURIComponent(u.username);
  u.username = '';
  u.password = '';
  return { url: u.toString(), user };
}
