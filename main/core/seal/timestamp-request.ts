// Builds the RFC 3161 TimeStampReq and POSTs it (node:http/https, TLS always verified).
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID_SHA256, TimestampError } from './timestamp-verify';

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
  timeoutMs?: number;
}

function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function postTimestampQuery(tsaUrl: string, body: Buffer, options: PostOptions = {}): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(tsaUrl);
  } catch {
    return Promise.reject(new TimestampError('config', `Adresse du serveur d’horodatage invalide : « ${tsaUrl} ».`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(
      new TimestampError('config', 'L’adresse du serveur d’horodatage doit commencer par http:// ou https://.'),
    );
  }
  const where = describeUrl(url);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/timestamp-query',
    Accept: 'application/timestamp-reply',
    'Content-Length': body.length,
  };
  if (options.auth) {
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy();
          reject(new TimestampError('invalid', 'La réponse du serveur d’horodatage est anormalement volumineuse.'));
        } else chunks.push(c);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status === 401 || status === 403) {
          reject(
            new TimestampError(
              'http',
              `Le serveur d’horodatage ${where} refuse l’accès (HTTP ${status}) : vérifiez l’identifiant et le mot de passe.`,
            ),
          );
        } else if (status !== 200) {
          reject(
            new TimestampError('http', `Le serveur d’horodatage ${where} a répondu par une erreur (HTTP ${status}).`),
          );
        } else resolve(Buffer.concat(chunks));
      });
      res.on('error', (err) =>
        reject(
          new TimestampError(
            'unreachable',
            `La connexion au serveur d’horodatage ${where} a été interrompue (${err.message}).`,
          ),
        ),
      );
    };
    const common = { method: 'POST', headers, timeout: timeoutMs };
    const req =
      url.protocol === 'https:'
        ? httpsRequest(
            url,
            { ...common, rejectUnauthorized: true, ...(options.tlsCaPem ? { ca: options.tlsCaPem } : {}) },
            onResponse,
          )
        : httpRequest(url, common, onResponse);
    req.on('timeout', () => req.destroy(new Error(`pas de réponse en ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const tls = /certificate|self.signed|SSL|TLS/i.test(`${err.code ?? ''} ${err.message}`);
      reject(
        new TimestampError(
          'unreachable',
          tls
            ? `Le certificat HTTPS du serveur d’horodatage ${where} n’est pas reconnu (${err.code ?? err.message}).`
            : `Le serveur d’horodatage ${where} est injoignable (${err.code ?? err.message}).`,
        ),
      );
    });
    req.end(body);
  });
}
