// Credential rules of a profile: where its password lives (one keychain entry per endpoint),
// what a complete profile needs (addresses over TLS, no secrets in URLs, naming rules that
// cannot block the engine).
import { validateUserRules, type UserRule } from '../../acts/user-rules';
import { UserError } from '../../api/dispatch';
import { accountFor } from '../../credentials/credential-store';
import { checkProfileAgainstPolicy } from '../../policy';
import type { Profile, ProfileInput } from '../../store/profiles';
import type { EngineParts } from '../../parts';

type Purpose = 'archive-password' | 'client-cert-passphrase';

const purposeOf = (profile: Pick<Profile, 'archiveKind'>): Purpose =>
  profile.archiveKind === 'vitam' ? 'client-cert-passphrase' : 'archive-password';

export async function hasPassword(p: Pick<EngineParts, 'credentials'>, profile: Profile): Promise<boolean> {
  if (profile.archiveKind === 'demo') return true;
  const url = profile.endpoints[0]?.url;
  return (await p.credentials.get(accountFor(profile.id, purposeOf(profile), url))) !== null;
}

/** Before anything is created: a password that cannot be kept is refused, not dropped. */
export function checkPasswordCanBeKept(p: Pick<EngineParts, 'keychain'>, password: string | undefined): void {
  if (password === undefined || password === '') return;
  if (p.keychain.kind === 'none') throw new UserError(p.keychain.message, 'keychain-required');
}

export async function storePassword(
  p: Pick<EngineParts, 'credentials'>,
  profile: Profile,
  password: string | undefined,
): Promise<void> {
  // Empty is never a password: the form sends it for « unchanged », so the stored one stays.
  if (!password || profile.archiveKind === 'demo') return;
  // One entry per endpoint: Rennes and Lille may have their own accounts; same password by default.
  const urls = profile.endpoints.length > 0 ? profile.endpoints.map((e) => e.url) : [undefined];
  for (const url of urls) await p.credentials.set(accountFor(profile.id, purposeOf(profile), url), password);
}

export async function forgetPasswords(p: Pick<EngineParts, 'credentials'>, profile: Profile): Promise<void> {
  for (const purpose of ['archive-password', 'client-cert-passphrase'] as const) {
    for (const e of [undefined, ...profile.endpoints.map((x) => x.url)])
      await p.credentials.delete(accountFor(profile.id, purpose, e));
  }
}

const urlsOf = (profile: Pick<Profile, 'endpoints'>): Array<string | undefined> =>
  profile.endpoints.length > 0 ? profile.endpoints.map((e) => e.url) : [undefined];

/**
 * Before an edit is saved without a new password: each address keeps the password of the one
 * it replaces (same position, else the first one), so changing the archive address never
 * loses the secret. Copied first: a crash before the save leaves a spare copy, never none.
 */
export async function carryPasswords(
  p: Pick<EngineParts, 'credentials'>,
  before: Profile,
  after: Pick<Profile, 'id' | 'archiveKind' | 'endpoints'>,
  password: string | undefined,
): Promise<void> {
  if (password || after.archiveKind === 'demo' || before.archiveKind === 'demo') return;
  if (purposeOf(before) !== purposeOf(after)) return;
  const old: Array<string | null> = [];
  for (const url of urlsOf(before)) old.push(await p.credentials.get(accountFor(before.id, purposeOf(before), url)));
  const fallback = old.find((s) => s !== null) ?? null;
  const next = urlsOf(after);
  for (let i = 0; i < next.length; i++) {
    const account = accountFor(after.id, purposeOf(after), next[i]);
    if ((await p.credentials.get(account)) !== null) continue;
    const secret = old[i] ?? fallback;
    if (secret !== null) await p.credentials.set(account, secret);
  }
}

/** After an edit is saved: the addresses the profile no longer has lose their secrets. */
export async function forgetUnusedPasswords(
  p: Pick<EngineParts, 'credentials'>,
  before: Profile,
  after: Profile,
): Promise<void> {
  const kept = new Set(urlsOf(after).flatMap((u) => PURPOSES.map((purpose) => accountFor(after.id, purpose, u))));
  for (const url of urlsOf(before)) {
    for (const purpose of PURPOSES) {
      const account = accountFor(before.id, purpose, url);
      if (!kept.has(account)) await p.credentials.delete(account);
    }
  }
}

const PURPOSES = ['archive-password', 'client-cert-passphrase'] as const;

/** Refuses a profile the policy forbids or that cannot reach an archive safely. */
export function checkProfileComplete(p: Pick<EngineParts, 'policy'>, input: ProfileInput): void {
  // First: later messages quote the address, which must not carry a secret.
  for (const e of input.endpoints ?? []) refuseCredentialsInUrl(e.url, 'de l’archive');
  const refusal = checkProfileAgainstPolicy(
    { siren: input.siren, archiveKind: input.archiveKind, endpoints: input.endpoints ?? [] },
    p.policy,
  );
  if (refusal) throw new UserError(refusal, 'locked');
  // A rule that could block the engine on one file name is refused when saved.
  const unsafe = validateUserRules((input.rules ?? []) as UserRule[]).find((e) => e.unsafe);
  if (unsafe) throw new UserError(unsafe.message, 'invalid');
  if (input.archiveKind === 'demo') return;
  if (!input.endpoints || input.endpoints.length === 0)
    throw new UserError('Indiquez l’adresse de l’archive (par exemple https://archive.exemple.fr/restservices).');
  for (const e of input.endpoints) {
    if (!e.url.startsWith('https://') && !isLoopbackHttp(e.url))
      throw new UserError(
        `L’adresse « ${e.url} » doit commencer par https:// : les échanges avec l’archive sont toujours chiffrés.`,
      );
  }
}

/**
 * An identifier or password written into an address (https://user:secret@host) would be kept
 * in clear in the database and shown back in messages: refused, without repeating it.
 */
export function refuseCredentialsInUrl(url: string | null | undefined, what: string): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: a plain « user:pass@host » still must not be stored.
    if (/^[^/?#\s]*:[^/?#\s]*@/.test(url.replace(/^[a-z]+:\/\//i, '')))
      throw new UserError(credentialsMessage(what), 'invalid');
    return;
  }
  if (parsed.username !== '' || parsed.password !== '') throw new UserError(credentialsMessage(what), 'invalid');
}

function credentialsMessage(what: string): string {
  return `L’adresse ${what} contient un identifiant ou un mot de passe : retirez-le de l’adresse. L’identifiant se règle dans son propre champ et le mot de passe est gardé dans le trousseau du système.`;
}

/** Plain http is only accepted to this machine (a local test archive); the network gets TLS. */
export function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}
