// Builds the archive connector for a profile: credentials from the keychain, TLS settings,
// proxy, and the built-in demo archive's live address for demo profiles.
import { AsalaeClient } from '../archive/asalae-client';
import {
  ArchiveError,
  type AckResult,
  type ArchiveConnector,
  type ConnectionCheck,
  type PreparedTransfer,
  type ReplyOutcome,
  type SendOptions,
  type SendResult,
  type TransferRef,
} from '../archive/connector';
import { HttpClient } from '../net/http-client';
import type { ProxySettings } from '../net/proxy';
import { VitamClient } from '../archive/vitam-client';
import { accountFor, type CredentialStore } from '../credentials/credential-store';
import type { Profile } from '../store/profiles';
import { isEndpointAllowed, policyPinsFor, type LoadedPolicy } from '../policy';
import { archiveOptions } from './profile-options';

export interface ConnectorContext {
  credentials: CredentialStore;
  /** The administrator's policy: allowed endpoints and imposed TLS pins. */
  policy: LoadedPolicy;
  /** Base URL of the running demo archive (…/restservices is appended for as@lae). */
  demoArchiveUrl: () => string | null;
  demoPassword: string;
  proxy: () => ProxySettings;
  proxyPassword: () => Promise<string | null>;
}

export function endpointUrls(
  profile: Pick<Profile, 'archiveKind' | 'endpoints'>,
  ctx: Pick<ConnectorContext, 'demoArchiveUrl'>,
): string[] {
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
  /** « Tester le versement »: Vitam sends with BLANK_TEST and reads « Test OK » as success. */
  options: { dryRun?: boolean } = {},
): Promise<ArchiveConnector | null> {
  const urls = endpointUrls(profile, ctx);
  const url = urls[endpointIndex];
  if (!url) return null;
  if (profile.archiveKind !== 'demo' && !isEndpointAllowed(url, ctx.policy))
    throw new ArchiveError(
      'refused',
      `L’adresse ${url} n’est pas autorisée sur ce poste par votre service informatique.`,
      false,
    );
  // Pins imposed by the policy win over the profile's own.
  const pins = policyPinsFor(url, ctx.policy) ?? profile.tls.spkiPins;
  const proxy = ctx.proxy();
  const proxyWithPassword: ProxySettings =
    proxy.mode === 'manual' ? { ...proxy, password: (await ctx.proxyPassword()) ?? undefined } : proxy;
  if (profile.archiveKind === 'vitam') {
    const passphrase =
      passwordOverride ??
      (await ctx.credentials.get(accountFor(profile.id, 'client-cert-passphrase', url))) ??
      undefined;
    const pfxBase64 =
      typeof profile.options.clientCertificate === 'string' ? profile.options.clientCertificate : undefined;
    const http = new HttpClient({
      tls: {
        caPem: profile.tls.caPem,
        pinnedSpkiSha256: pins,
        pfx: pfxBase64 ? Buffer.from(pfxBase64, 'base64') : undefined,
        passphrase,
      },
      proxy: proxyWithPassword,
    });
    const contract = archiveOptions(profile, ctx.policy).vitamAccessContract;
    return new VitamClient({
      baseUrl: url,
      tenant: profile.vitamTenant ?? 0,
      contextId: profile.vitamContext ?? 'DEFAULT_WORKFLOW',
      ...(contract ? { accessContractId: contract } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
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
  const chunk = archiveOptions(profile, ctx.policy).asalaeChunkBytes;
  return new AsalaeClient({
    baseUrl: url,
    login: profile.login ?? '',
    password,
    http,
    ...(chunk ? { chunkSizeBytes: chunk } : {}),
  });
}

/**
 * A connector whose construction (reading the keychain, starting the demo archive) waits
 * for its first use: the sync engine asks for connectors synchronously.
 */
export class DeferredConnector implements ArchiveConnector {
  private built: Promise<ArchiveConnector | null> | null = null;

  constructor(
    readonly kind: 'asalae' | 'vitam',
    private readonly build: () => Promise<ArchiveConnector | null>,
  ) {}

  private async get(): Promise<ArchiveConnector> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = null;
      throw error;
    });
    const c = await this.built;
    if (!c) {
      this.built = null;
      throw new ArchiveError('network', 'Aucune adresse d’archive n’est configurée pour ce profil.', true);
    }
    return c;
  }

  async check(signal?: AbortSignal): Promise<ConnectionCheck> {
    try {
      return await (await this.get()).check(signal);
    } catch (error) {
      return {
        reachable: false,
        authenticated: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async ping(signal?: AbortSignal): Promise<boolean> {
    let c: ArchiveConnector;
    try {
      c = await this.get();
    } catch {
      return false;
    }
    // A certificate refusal propagates: it is a problem to show, not an absent archive.
    return c.ping(signal);
  }

  async send(transfer: PreparedTransfer, options?: SendOptions): Promise<SendResult> {
    return (await this.get()).send(transfer, options);
  }

  async lookup(ref: TransferRef, signal?: AbortSignal) {
    return (await this.get()).lookup(ref, signal);
  }

  async acknowledgement(ref: TransferRef, signal?: AbortSignal): Promise<AckResult> {
    return (await this.get()).acknowledgement(ref, signal);
  }

  async reply(ref: TransferRef, signal?: AbortSignal): Promise<ReplyOutcome> {
    return (await this.get()).reply(ref, signal);
  }
}
