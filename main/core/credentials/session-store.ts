// Session-only secrets: kept in this process's memory and gone when the app quits.
// The fallback the user chooses explicitly when the machine has no keychain.
import type { CredentialStore } from './credential-store';

export class SessionCredentialStore implements CredentialStore {
  readonly kind = 'session' as const;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
}
