// Public surface of the credential vault.
export { accountFor, CREDENTIAL_PURPOSES, CREDENTIAL_SERVICE, CredentialError } from './credential-store';
export type { CredentialPurpose, CredentialStore, CredentialStoreKind } from './credential-store';
export { KeychainCredentialStore } from './keychain-store';
export { SessionCredentialStore } from './session-store';
export { KEYCHAIN_UNAVAILABLE_MESSAGE, openCredentialStore, probeKeychain } from './open-credential-store';
export type { CredentialPreference, CredentialStoreStatus } from './open-credential-store';
