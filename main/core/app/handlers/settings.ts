// Settings of this computer and the proxy password (keychain only).
import type { SettingsView } from '../../../contract/api';
import { UserError } from '../../api/dispatch';
import { accountFor } from '../../credentials/credential-store';
import type { EngineParts } from '../../parts';
import type { GroupHandlers } from './common';
import { checkPasswordCanBeKept, refuseCredentialsInUrl } from './credential-rules';

export type SettingsParts = Pick<EngineParts, 'settings' | 'credentials' | 'keychain' | 'sync'>;

export function settingsHandlers(p: SettingsParts): GroupHandlers<'settings'> {
  const view = async (): Promise<SettingsView> => ({
    ...p.settings.view(),
    proxyPasswordStored: (await p.credentials.get(accountFor('global', 'proxy-password'))) !== null,
  });
  return {
    async getSettings() {
      return view();
    },

    async updateSettings(patch) {
      // Secrets never go in an address: it would be kept in clear and shown back.
      refuseCredentialsInUrl(patch.proxy?.url, 'du proxy');
      refuseCredentialsInUrl(patch.tsaUrl, 'du service d’horodatage');
      const { refused } = p.settings.update(patch);
      if (refused.length > 0) {
        const locked = p.settings.view().locked;
        const reasons = refused.map((k) => locked[k]).filter(Boolean);
        throw new UserError(
          `Réglage verrouillé par votre service informatique : ${refused.join(', ')}.${reasons.length ? ` ${reasons[0]}` : ''}`,
          'locked',
        );
      }
      p.sync.wake();
      return view();
    },

    async setProxyPassword({ password }) {
      if ('proxy' in p.settings.view().locked)
        throw new UserError('Le proxy est réglé par votre service informatique.', 'locked');
      const account = accountFor('global', 'proxy-password');
      if (password === null || password === '') {
        await p.credentials.delete(account);
        return { stored: false };
      }
      checkPasswordCanBeKept(p, password);
      await p.credentials.set(account, password);
      return { stored: true };
    },
  };
}
