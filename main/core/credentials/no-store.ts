// The keychain is required (administrator's policy) and this machine has none: secrets are
// refused, never kept — not even in memory for the session.
import { CredentialError, type CredentialStore } from './credential-store';

export const KEYCHAIN_REQUIRED_MESSAGE =
  'Votre service informatique exige le trousseau de clés du système, et aucun n’est disponible sur ce poste : ' +
  'aucun mot de passe ne peut être enregistré. Demandez-lui d’activer un trousseau (GNOME Keyring ou KWallet sous Linux).';

export class NoCredentialStore implements CredentialStore {
  readonly kind = 'none' as const;

  async get(): Promise<string | null> {
    return null;
  }

  async set(): Promise<void> {
    throw new CredentialError(KEYCHAIN_REQUIRED_MESSAGE);
  }

  async delete(): Promise<boolean> {
    return false;
  }
}
