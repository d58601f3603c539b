// Parses and verifies RFC 3161 answers: PKI status, then the token (CMS SignedData over a
// TSTInfo): our imprint and nonce, the signed attributes, the signature, the signer's
// timeStamping usage and its chain to the configured TSA certificate / CA, the time.
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { lazyModule } from '../lazy-module';

// Loaded when a token is first parsed or checked, not at start (issue 18).
export const loadAsn1js = lazyModule<typeof Asn1js>('asn1js');
export const loadPkijs = lazyModule<typeof Pkijs>('pkijs');

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_EKU = '2.5.29.37';
const OID_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';
const OID_RSA_PSS = '1.2.840.113549.1.1.10';

const DIGESTS: Record<string, string> = {
  [OID_SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const PKI_STATUS_TEXT: Record<number, string> = {
  0: 'accordé',
  1: 'accordé avec modifications',
  2: 'refusé',
  3: 'en attente',
  4: 'révocation imminente',
  5: 'certificat révoqué',
};

const FAIL_INFO_TEXT: Record<number, string> = {
  0: 'algorithme de hachage non reconnu',
  2: 'requête mal formée',
  5: 'format de données incorrect',
  14: 'heure indisponible',
  15: 'politique d’horodatage non acceptée',
  16: 'extension non acceptée',
  17: 'information supplémentaire indisponible',
  25: 'panne du serveur d’horodatage',
};

export type TimestampErrorCode = 'unreachable' | 'http' | 'rejected' | 'invalid' | 'config';

/** French message, safe to show and to store as last_error (never a secret). */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';
  constructor(
    readonly code: TimestampErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TimestampToken {
  /** DER of the token (the CMS ContentInfo), what `openssl ts -verify -token_in` reads. */
  tokenDer: Buffer;
  genTime: Date;
  /** Serial number, lowercase hex. */
  serial: string;
  policy: string;
  /** TSA name from the token, or the signer certificate's subject. */
  tsaName: string;
  imprintHex: string;
}

export interface TimestampTrust {
  /** PEM: the TSA certificate itself, or its CA (one or several certificates). */
  trustPem: string;
  /** Accepted clock difference for genTime in the future (default 5 minutes). */
  maxFutureSkewMs?: number;
  now?: () => Date;
}

export interface TimestampExpectation {
  /** SHA-256 of the stamped data. */
  imprint: Buffer;
  /** Our request's nonce (fresh responses); absent when re-verifying a stored token. */
  nonce?: Buffer;
}

const invalid = (why: string): TimestampError =>
  new TimestampError('invalid', `Le jeton d’horodatage est invalide : ${why}.`);

function toBuf(view: ArrayBuffer | Uint8Array): Buffer {
  return view instanceof Uint8Array ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : Buffer.from(view);
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return new Uint8Array(buf).buffer;
}

function integerHex(int: Asn1js.Integer): string {
  return BigInt(`0x${toBuf(int.valueBlock.valueHexView).toString('hex') || '0'}`).toString(16);
}

/** Splits a PEM bundle into certificates; throws a French config error when empty/bad. */
export function parseTrustPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new TimestampError(
      'config',
      'Le certificat de l’autorité d’horodatage est absent ou n’est pas au format PEM.',
    );
  }
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw new TimestampError('config', 'Le certificat de l’autorité d’horodatage configuré est illisible.');
  }
}

/** Parses a TimeStampResp; returns the token DER when the status is granted(WithMods). */
export function tokenFromResponse(respDer: Buffer): Buffer {
  let resp: Pkijs.TimeStampResp;
  try {
    resp = loadPkijs().TimeStampResp.fromBER(toArrayBuffer(respDer));
  } catch {
    throw new TimestampError('invalid', 'La réponse du serveur d’horodatage n’est pas une réponse RFC 3161 lisible.');
  }
  const status = resp.status.status as number;
  if (status !== 0 && status !== 1) {
    const texts = (resp.status.statusStrings ?? []).map((s) => s.valueBlock.value).filter(Boolean);
    const fail: string[] = [];
    const bits = resp.status.failInfo?.valueBlock.valueHexView;
    if (bits) {
      for (let i = 0; i < bits.length * 8; i++) {
        if ((bits[i >> 3]! >> (7 - (i & 7))) & 1) fail.push(FAIL_INFO_TEXT[i] ?? `code ${i}`);
      }
    }
    const detail = [...texts, ...fail].join(' ; ');
    throw new TimestampError(
      'rejected',
      `Le serveur d’horodatage a refusé la demande (statut : ${PKI_STATUS_TEXT[status] ?? status}${detail ? ` — ${detail}` : ''}).`,
    );
  }
  if (!resp.timeStampToken) throw invalid('la réponse est accordée mais ne contient pas de jeton');
  return Buffer.from(resp.timeStampToken.toSchema().toBER());
}

function formatName(name: Pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = {
    '2.5.4.3': 'CN',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
  };
  return name.typesAndValues
    .map((tv) => `${short[tv.type] ?? tv.type}=${String((tv.value.valueBlock as { value?: unknown }).value ?? '')}`)
    .join(', ');
}

function hasCriticalTimestampingOnly(cert: Pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID_EKU);
  if (!ext || !ext.critical) return false;
  const eku = ext.parsedValue as Pkijs.ExtKeyUsage | undefined;
  return !!eku && eku.keyPurposes.length === 1 && eku.keyPurposes[0] === OID_TIMESTAMPING;
}

/** Walks signer → issuer → … until a trusted certificate; each link checked at `at`. */
function chainsToTrust(
  signer: X509Certificate,
  pool: X509Certificate[],
  trusted: X509Certificate[],
  at: Date,
): boolean {
  const validAt = (c: X509Certificate): boolean => c.validFromDate <= at && at <= c.validToDate;
  let current = signer;
  for (let depth = 0; depth < 6; depth++) {
    if (!validAt(current)) return false;
    if (trusted.some((t) => t.raw.equals(current.raw))) return true;
    const issuer = [...trusted, ...pool].find(
      (c) => !c.raw.equals(current.raw) && c.ca && current.checkIssued(c) && current.verify(c.publicKey),
    );
    if (!issuer) return false;
    if (trusted.some((t) => t.raw.equals(issuer.raw))) return validAt(issuer);
    current = issuer;
  }
  return false;
}

function certificatesOf(signed: Pkijs.SignedData): Pkijs.Certificate[] {
  return (signed.certificates ?? []).filter((c): c is Pkijs.Certificate => c instanceof loadPkijs().Certificate);
}

function findSigner(certs: Pkijs.Certificate[], signerInfo: Pkijs.SignerInfo): Pkijs.Certificate | undefined {
  const sid = signerInfo.sid as unknown;
  if (sid instanceof loadPkijs().IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // subjectKeyIdentifier [0] IMPLICIT OCTET STRING
  const block = (sid as Asn1js.Primitive).valueBlock as { valueHexView?: Uint8Array };
  const keyId = toBuf(block.valueHexView ?? new Uint8Array());
  return certs.find((c) =>
    createHash('sha1')
      .update(toBuf(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView))
      .digest()
      .equals(keyId),
  );
}

/** PEM of the certificate that signed a token (for `openssl ts -verify -untrusted`). */
export function tokenSignerPem(tokenDer: Buffer): string {
  try {
    const pkijs = loadPkijs();
    const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(tokenDer)).content });
    const signer = signed.signerInfos[0] ? findSigner(certificatesOf(signed), signed.signerInfos[0]) : undefined;
    if (!signer) throw new Error('no signer');
    return new X509Certificate(Buffer.from(signer.toSchema().toBER())).toString();
  } catch {
    throw invalid('le certificat du signataire n’est pas joint au jeton');
  }
}

/** Verifies a token (DER ContentInfo) against what we asked and whom we trust. */
export function verifyTimestampToken(
  tokenDer: Buffer,
  expected: TimestampExpectation,
  trust: TimestampTrust,
): TimestampToken {
  const trusted = parseTrustPem(trust.trustPem);
  const pkijs = loadPkijs();
  const asn1js = loadAsn1js();
  let signed: Pkijs.SignedData;
  let tst: Pkijs.TSTInfo;
  let eContent: Buffer;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(tokenDer));
    if (info.contentType !== OID_SIGNED_DATA) throw new Error('not SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
    if (signed.encapContentInfo.eContentType !== OID_TSTINFO || !signed.encapContentInfo.eContent)
      throw new Error('not TSTInfo');
    eContent = toBuf(signed.encapContentInfo.eContent.getValue());
    tst = pkijs.TSTInfo.fromBER(toArrayBuffer(eContent));
  } catch {
    throw invalid('sa structure n’est pas celle d’un jeton RFC 3161');
  }

  // 1. What was stamped: our SHA-256 imprint, and our nonce for a fresh answer.
  if (tst.messageImprint.hashAlgorithm.algorithmId !== OID_SHA256)
    throw invalid('il n’utilise pas l’empreinte SHA-256 demandée');
  const imprint = toBuf(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(expected.imprint))
    throw invalid('l’empreinte horodatée ne correspond pas à celle du document ou du journal');
  if (expected.nonce) {
    const ours = BigInt(`0x${expected.nonce.toString('hex')}`);
    const theirs = tst.nonce ? BigInt(`0x${integerHex(tst.nonce)}`) : null;
    if (theirs !== ours)
      throw invalid(
        'le numéro unique (nonce) ne correspond pas à la demande : la réponse n’est pas celle de cette demande',
      );
  }

  // 2. The signer and its signed attributes.
  const signerInfo = signed.signerInfos[0];
  if (!signerInfo || signed.signerInfos.length !== 1) throw invalid('il doit porter exactement une signature');
  const certs = certificatesOf(signed);
  const signerPki = findSigner(certs, signerInfo);
  if (!signerPki) throw invalid('le certificat du signataire n’est pas joint au jeton');
  const signer = new X509Certificate(Buffer.from(signerPki.toSchema().toBER()));

  const digestName = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!digestName) throw invalid('son algorithme de signature n’est pas accepté (SHA-256, SHA-384 ou SHA-512 attendu)');
  const attrs = signerInfo.signedAttrs;
  if (!attrs) throw invalid('les attributs signés sont absents');
  const attr = (oid: string): Asn1js.AsnType | undefined => attrs.attributes.find((a) => a.type === oid)?.values[0];
  const contentType = attr(OID_CONTENT_TYPE);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID_TSTINFO) {
    throw invalid('le type de contenu signé n’est pas un jeton d’horodatage');
  }
  const md = attr(OID_MESSAGE_DIGEST);
  if (
    !(md instanceof asn1js.OctetString) ||
    !toBuf(md.valueBlock.valueHexView).equals(createHash(digestName).update(eContent).digest())
  ) {
    throw invalid('son contenu a été modifié après signature');
  }

  // 3. The signature itself.
  if (signerInfo.signatureAlgorithm.algorithmId === OID_RSA_PSS)
    throw invalid('la signature RSA-PSS n’est pas prise en charge');
  let signatureOk: boolean;
  try {
    signatureOk = verifySignature(
      digestName,
      toBuf(attrs.encodedValue),
      signer.publicKey,
      toBuf(signerInfo.signature.valueBlock.valueHexView),
    );
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) throw invalid('la signature de l’autorité d’horodatage ne correspond pas');

  // 4. Who signed: a timeStamping-only certificate chaining to the configured TSA / CA.
  const genTime = tst.genTime;
  if (!hasCriticalTimestampingOnly(signerPki)) {
    throw invalid('le certificat signataire n’est pas réservé à l’horodatage (extendedKeyUsage critique timeStamping)');
  }
  const pool = certs.map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
  if (!chainsToTrust(signer, pool, trusted, genTime)) {
    throw invalid(
      `il a été signé par « ${signer.subject.replace(/\n/g, ', ')} », qui n’est pas l’autorité d’horodatage configurée`,
    );
  }

  // 5. A plausible time — for a stored token only. A fresh answer carries our nonce: it was made
  // just now, so a genTime « in the future » means this computer's clock is behind the TSA's
  // (the reference); refusing it would refuse every later token too, nothing would be stamped.
  const now = (trust.now ?? (() => new Date()))();
  const skew = trust.maxFutureSkewMs ?? 5 * 60_000;
  if (!expected.nonce && genTime.getTime() > now.getTime() + skew)
    throw invalid(`sa date (${genTime.toISOString()}) est dans le futur`);

  const tsa = tst.tsa?.type === 4 ? formatName(tst.tsa.value as Pkijs.RelativeDistinguishedNames) : null;
  return {
    tokenDer: Buffer.from(tokenDer),
    genTime,
    serial: integerHex(tst.serialNumber),
    policy: tst.policy,
    tsaName: tsa ?? signer.subject.replace(/\n/g, ', '),
    imprintHex: imprint.toString('hex'),
  };
}

/** Status check + token verification of a fresh TimeStampResp. */
export function verifyTimestampResponse(
  respDer: Buffer,
  expected: TimestampExpectation,
  trust: TimestampTrust,
): TimestampToken {
  return verifyTimestampToken(tokenFromResponse(respDer), expected, trust);
}
