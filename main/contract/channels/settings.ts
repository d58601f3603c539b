// Settings of this computer (bandwidth, proxy, time-stamping …) and the proxy password.
import { z } from 'zod';
import { empty, settingsPatchSchema } from '../schemas';

export const settingsChannels = {
  getSettings: empty,
  updateSettings: settingsPatchSchema,
  /** The proxy password goes to the keychain only; null removes it. */
  setProxyPassword: z.object({ password: z.string().max(1000).nullable() }).strict(),
} as const;

export interface SettingsView {
  values: Required<Omit<z.infer<typeof settingsPatchSchema>, 'proxy'>> & {
    proxy: { mode: 'system' | 'none' | 'manual'; url?: string; username?: string };
  };
  /** Keys locked by the administrator's policy, with the reason shown to the user. */
  locked: Record<string, string>;
  policyError: string | null;
  /** Whether a proxy password is stored (the password itself never crosses). */
  proxyPasswordStored?: boolean;
}

export interface SettingsResponses {
  getSettings: SettingsView;
  updateSettings: SettingsView;
  setProxyPassword: { stored: boolean };
}
