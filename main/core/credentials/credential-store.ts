// Where secrets live: the OS keychain (service "Sceau"), or process memory for this session
// only when no keychain exists. Never a file, never SQLite, never a log line.

/** 'none': the policy requires the keychain and there is none — nothing is kept at all. */
export type CredentialStoreKind = 'keychain' | 'session' | 'none';

export interface CredentialStore {
  readonly kind: CredentialStoreKind;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** true when something was deleted, false when there was nothing to delete. */
  delete(account: string): Promise<boolean>;
}

export const CREDENTIAL_SERVICE = 'Sceau';

export const CREDENTIAL_PURPOSES = [
  'archive-password',
  'client-cert-passphrase',
  'tsa-password',
  'proxy-password',
] as const;
export type CredentialPurpose = (typeof CREDENTIAL_PURPOSES)[number];

/** Error whose message is French and safe to show: it never contains the secret. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

/**
 * Keychain account name for one secret: `<profile>/<purpose>` plus the endpoint origin,
 * so two archives (or a TSA and an archive) of the same profile never share an entry.
 * The URL is reduced to scheme://host:port/path: credentials or queries never leak into it.
 */
export function accountFor(profileId: string, purpose: CredentialPurpose, endpointUrl?: string): string {
  if (!profileId.trim()) throw new CredentialError('Identifiant de profil manquant pour le trousseau.');
  if (!CREDENTIAL_PURPOSES.includes(purpose))
    throw new CredentialError(`Usage de secret inconnu : ${String(purpose)}.`);
  const base = `${profileId}/${purpose}`;
  if (!endpointUrl) return base;
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    throw new CredentialError(`Adresse invalide pour le trousseau : « ${endpointUrl} ».`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${base}@${url.protocol}//${url.host}${path}`;
}
