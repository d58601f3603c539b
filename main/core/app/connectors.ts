// Builds the archive connector for a profile: credentials from the keychain, TLS settings,
// proxy, and the built-in demo archive's live address for demo profiles.
import { AsalaeClient } from '../archive/asalae-client';
import type { ArchiveConnector } from '../archive/connector';
import { HttpClient, type ProxySettings } from '../archive/http';
import { VitamClient } from '../archive/vitam-client';
import { accountFor, type CredentialStore } from '../credentials/credential-store';
import type { Profile } from '../store/profiles';

export interface ConnectorContext {
  credentials: CredentialStore;
  /** Base URL of the running demo archive (…/restservices is appended for as@lae). */
  demoArchiveUrl: () => string | null;
  demoPassword: string;
  proxy: () => ProxySettings;
  proxyPassword: () => Promise<string | null>;
}

export function endpointUrls(profile: Pick<Profile, 'archiveKind' | 'endpoints'>, ctx: Pick<ConnectorContext, 'demoArchiveUrl'>): string[] {
  if (profile.archiveKind === 'demo') {
    const url = ctx.demoArchiveUrl();
    return url ? [url] : [];
  }
  return profile.endpoints.map((e) => e.url);
}

export async function buildConnector(
  profile: Profile,
  endpointIndex: number,
  ctx: ConnectorContext,
  passwordOverride?: string,
): Promise<ArchiveConnector | null> {
  const urls = endpointUrls(profile, ctx);
  const url = urls[endpointIndex];
  if (!url) return null;
  const proxy = ctx.proxy();
  const proxyWithPassword: ProxySettings =
    proxy.mode === 'manual' ? { ...proxy, password: (await ctx.proxyPassword()) ?? undefined } : proxy;
  if (profile.archiveKind === 'vitam') {
    const passphrase =
      passwordOverride ?? (await ctx.credentials.get(accountFor(profile.id, 'client-cert-passphrase', url))) ?? undefined;
    const pfxBase64 = typeof profile.options.clientCertificate === 'string' ? profile.options.clientCertificate : undefined;
    const http = new HttpClient({
      tls: {
        caPem: profile.tls.caPem,
        pinnedSpkiSha256: profile.tls.spkiPins,
        pfx: pfxBase64 ? Buffer.from(pfxBase64, 'base64') : undefined,
        passphrase,
      },
      proxy: proxyWithPassword,
    });
    return new VitamClient({
      baseUrl: url,
      tenant: profile.vitamTenant ?? 0,
      contextId: profile.vitamContext ?? 'DEFAULT_WORKFLOW',
      http,
    });
  }
  const password =
    profile.archiveKind === 'demo'
      ? ctx.demoPassword
      : (passwordOverride ?? (await ctx.credentials.get(accountFor(profile.id, 'archive-password', url))) ?? '');
  const http = new HttpClient({
    tls: { caPem: profile.tls.caPem, pinnedSpkiSha256: profile.tls.spkiPins },
    proxy: profile.archiveKind === 'demo' ? { mode: 'none' } : proxyWithPassword,
  });
  return new AsalaeClient({ baseUrl: url, login: profile.login ?? '', password, http });
}
