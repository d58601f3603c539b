// Chooses where secrets go. The keychain is probed with a real write/read/delete; when it
// is missing the caller gets a French explanation and decides: session memory or refuse.
// There is deliberately no plaintext-file fallback.
import { randomBytes } from 'node:crypto';
import type { CredentialStore } from './credential-store';
import { KeychainCredentialStore, technicalReason } from './keychain-store';
import { SessionCredentialStore } from './session-store';

export type CredentialPreference = 'keychain' | 'session' | 'auto';

export type CredentialStoreStatus =
  | { ok: true; store: CredentialStore; kind: 'keychain' | 'session'; message: string }
  | {
      ok: false;
      reason: 'keychain-unavailable';
      /** French, for the user. */
      message: string;
      /** Platform reason, for the log (no secret in it). */
      detail: string;
      /** false when the preference was 'keychain' (an admin required it): the caller refuses. */
      sessionFallbackAllowed: boolean;
      /** The user accepts keeping secrets in memory until the application quits. */
      useSessionOnly: () => CredentialStore;
    };

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'Aucun trousseau de clés n’est disponible sur ce poste : les mots de passe ne peuvent pas y être ' +
  'enregistrés de façon sûre. Vous pouvez les garder en mémoire pour cette session seulement ' +
  '(il faudra les saisir à nouveau au prochain démarrage) ou demander à votre service informatique d’activer ' +
  'un trousseau (GNOME Keyring ou KWallet sous Linux).';

const SESSION_MESSAGE =
  'Les mots de passe sont gardés en mémoire pour cette session seulement : ils seront redemandés au prochain démarrage.';
const KEYCHAIN_MESSAGE = 'Les mots de passe sont enregistrés dans le trousseau de clés du système.';

/** Write, read back and delete a throw-away entry; returns null when the keychain works. */
export async function probeKeychain(store: CredentialStore = new KeychainCredentialStore()): Promise<string | null> {
  const account = `probe/${randomBytes(6).toString('hex')}`;
  const value = randomBytes(12).toString('hex');
  try {
    await store.set(account, value);
    const back = await store.get(account);
    await store.delete(account);
    if (back !== value) return 'le trousseau ne renvoie pas la valeur enregistrée';
    return null;
  } catch (err) {
    return technicalReason(err);
  }
}

/**
 * 'keychain': keychain required (policy); 'auto': keychain, or let the user choose session
 * memory; 'session': memory only, no probe.
 */
export async function openCredentialStore(preference: CredentialPreference): Promise<CredentialStoreStatus> {
  if (preference === 'session') {
    return { ok: true, store: new SessionCredentialStore(), kind: 'session', message: SESSION_MESSAGE };
  }
  const keychain = new KeychainCredentialStore();
  const failure = await probeKeychain(keychain);
  if (failure === null) return { ok: true, store: keychain, kind: 'keychain', message: KEYCHAIN_MESSAGE };
  return {
    ok: false,
    reason: 'keychain-unavailable',
    message: KEYCHAIN_UNAVAILABLE_MESSAGE,
    detail: failure,
    sessionFallbackAllowed: preference === 'auto',
    useSessionOnly: () => new SessionCredentialStore(),
  };
}
