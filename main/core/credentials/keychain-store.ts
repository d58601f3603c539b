// OS keychain through @napi-rs/keyring: Keychain on macOS, Credential Manager on Windows,
// Secret Service (GNOME Keyring, KWallet) on Linux.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CREDENTIAL_SERVICE, CredentialError, type CredentialStore } from './credential-store';

// On Linux, pin the Secret Service: the kernel keyutils store would "work" on a headless
// machine but forgets everything at logout, which would silently lose passwords.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export class KeychainCredentialStore implements CredentialStore {
  readonly kind = 'keychain' as const;

  constructor(private readonly service: string = CREDENTIAL_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.run('de lire', account, (entry) => entry.getPassword());
  }

  async set(account: string, secret: string): Promise<void> {
    await this.run('d’enregistrer', account, (entry) => entry.setPassword(secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.run('de supprimer', account, (entry) => entry.deleteCredential());
  }

  // The library's errors name the account at most, never the password; we still replace
  // them with our own French sentence and keep only the platform's technical reason.
  private async run<T>(verb: string, account: string, op: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    try {
      const entry = new AsyncEntry(this.service, account, ENTRY_OPTIONS);
      return await op(entry);
    } catch (err) {
      throw new CredentialError(
        `Impossible ${verb} le secret « ${account} » dans le trousseau de clés du système (${technicalReason(err)}).`,
      );
    }
  }
}

export function technicalReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 200);
}
