// RFC 3161 client: one call takes a SHA-256 imprint and returns a verified token.
import { createHash } from 'node:crypto';
import type { CredentialStore } from '../credentials/credential-store';
import type { ProxySettings } from '../net/proxy';
import { buildTimestampRequest, newNonce, postTimestampQuery } from './timestamp-request';
import { TimestampError, verifyTimestampResponse, type TimestampToken } from './timestamp-verify';

export { TimestampError, verifyTimestampToken, type TimestampToken } from './timestamp-verify';

export interface TsaConfig {
  url: string;
  /** PEM of the TSA certificate or its CA: tokens must chain to it. */
  trustPem: string;
  policyOid?: string;
  /** Basic authentication user; the password is read from `credentials` at `passwordAccount`. */
  username?: string;
  passwordAccount?: string;
  /** Extra CA for the HTTPS connection itself. */
  tlsCaPem?: string;
  /** The proxy in force at request time (same settings as the archives'). */
  proxy?: () => Promise<ProxySettings>;
  timeoutMs?: number;
  maxFutureSkewMs?: number;
}

export interface TimestampDeps {
  credentials?: CredentialStore;
  now?: () => Date;
}

export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export async function requestTimestamp(
  imprint: Buffer,
  config: TsaConfig,
  deps: TimestampDeps = {},
): Promise<TimestampToken> {
  let auth: { user: string; password: string } | undefined;
  if (config.username) {
    const password =
      config.passwordAccount && deps.credentials ? await deps.credentials.get(config.passwordAccount) : null;
    if (password === null) {
      throw new TimestampError(
        'config',
        'Le mot de passe du serveur d’horodatage n’est pas enregistré : saisissez-le dans les réglages.',
      );
    }
    auth = { user: config.username, password };
  }
  const nonce = newNonce();
  const query = buildTimestampRequest(imprint, nonce, config.policyOid);
  const answer = await postTimestampQuery(config.url, query, {
    ...(auth ? { auth } : {}),
    ...(config.tlsCaPem ? { tlsCaPem: config.tlsCaPem } : {}),
    ...(config.proxy ? { proxy: await config.proxy() } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
  const token = verifyTimestampResponse(
    answer,
    { imprint, nonce },
    {
      trustPem: config.trustPem,
      ...(config.maxFutureSkewMs !== undefined ? { maxFutureSkewMs: config.maxFutureSkewMs } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    },
  );
  if (config.policyOid && token.policy !== config.policyOid) {
    throw new TimestampError(
      'invalid',
      `Le jeton d’horodatage est invalide : la politique ${token.policy} ne correspond pas à celle demandée (${config.policyOid}).`,
    );
  }
  return token;
}
