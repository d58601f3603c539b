// Builds the RFC 3161 TimeStampReq and POSTs it through the one HTTP stack (proxy, system
// CAs, TLS always verified), like every call to an archive.
import { randomBytes } from 'node:crypto';
import { NetError } from '../net/errors';
import { HttpClient } from '../net/http-client';
import { TSA_MESSAGES } from '../net/messages';
import type { ProxySettings } from '../net/proxy';
import { loadAsn1js, loadPkijs, OID_SHA256, TimestampError } from './timestamp-verify';
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** 64-bit positive nonce whose first byte is non-zero (minimal DER, no sign byte). */
export function newNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x40;
  return nonce;
}

export function buildTimestampRequest(imprint: Buffer, nonce: Buffer, policyOid?: string): Buffer {
  if (imprint.length !== 32)
    throw new TimestampError('config', 'L’empreinte à horodater doit être un SHA-256 (32 octets).');
  const pkijs = loadPkijs();
  const asn1js = loadAsn1js();
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
    ...(policyOid ? { reqPolicy: policyOid } : {}),
  });
  return Buffer.from(req.toSchema().toBER());
}

export interface PostOptions {
  /** Basic authentication; the password comes from the credential store. */
  auth?: { user: string; password: string };
  /** Extra trusted CA (PEM) for the TSA's HTTPS certificate; verification stays on. */
  tlsCaPem?: string;
  /** The same proxy settings as the archives' (manual, system with NO_PROXY, none). */
  proxy?: ProxySettings;
  timeoutMs?: number;
}

function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** A transport failure in French, naming the TSA's address. */
function transportError(e: NetError, where: string): TimestampError {
  if (e.code === 'protocol' && e.message === TSA_MESSAGES.tooLarge) return new TimestampError('invalid', e.message);
  if (e.code === 'network' || e.code === 'timeout' || e.code === 'auth')
    return new TimestampError('unreachable', `Le serveur d’horodatage ${where} est injoignable : ${e.message}`);
  return new TimestampError('unreachable', `${e.message} (${where})`);
}

export async function postTimestampQuery(tsaUrl: string, body: Buffer, options: PostOptions = {}): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(tsaUrl);
  } catch {
    throw new TimestampError('config', `Adresse du serveur d’horodatage invalide : « ${tsaUrl} ».`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TimestampError('config', 'L’adresse du serveur d’horodatage doit commencer par http:// ou https://.');
  const where = describeUrl(url);
  const headers: Record<string, string> = {
    'Content-Type': 'application/timestamp-query',
    Accept: 'application/timestamp-reply',
  };
  if (options.auth)
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new HttpClient({
    ...(options.tlsCaPem ? { tls: { caPem: options.tlsCaPem } } : {}),
    proxy: options.proxy ?? { mode: 'none' },
    connectTimeoutMs: Math.min(timeoutMs, 15_000),
    idleTimeoutMs: timeoutMs,
    // A token is a few kB: the whole answer within the same delay, not one byte per delay.
    answerTimeoutMs: timeoutMs,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    messages: TSA_MESSAGES,
  });
  let res;
  try {
    res = await client.request({ method: 'POST', url: tsaUrl, headers, body });
  } catch (error) {
    if (error instanceof NetError) throw transportError(error, where);
    throw error;
  }
  const status = res.status;
  if (status === 401 || status === 403)
    throw new TimestampError(
      'http',
      `Le serveur d’horodatage ${where} refuse l’accès (HTTP ${status}) : vérifiez l’identifiant et le mot de passe.`,
    );
  if (status !== 200)
    throw new TimestampError('http', `Le serveur d’horodatage ${where} a répondu par une erreur (HTTP ${status}).`);
  return res.body;
}
