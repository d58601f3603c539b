// The demo archive's own RFC 3161 Time-Stamp Authority, in TypeScript (pkijs/asn1js for the
// ASN.1, node:crypto for keys and signatures): no openssl CLI, so it works on every platform.
//
// On first start it creates, under `dataDir`, a demo CA (self-signed, RSA 2048) and a TSA
// certificate it signs (extendedKeyUsage critical timeStamping), then keeps them: tokens
// issued before a restart stay verifiable against the same `caPem`. Files:
//   demo-ca.key / demo-ca.pem     the CA (trust anchor to configure: `caPem`)
//   demo-tsa.key / demo-tsa.pem   the signing certificate (re-issued by the CA if expired)
//   demo-tsa.serial               next unreserved serial number (see SerialCounter)
// One process per dataDir (the app's single-instance lock covers the app).
//
// Demonstration only: the keys sit unencrypted on disk and the time is the PC's clock, so
// these tokens have no probative value; they exercise the same path as a real TSA.
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  sign as signData,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fsyncDirSync } from '../core/seal/vault';

// node:http through process.getBuiltinModule, not `import`: the ES-module view reads every
// export, and its lazy `WebSocket` getter loads undici (~50 ms at every start, issue 18).
const { createServer } = process.getBuiltinModule('node:http');

/**
 * Policy of the demo TSA. Arc 2.999 is "example" (ITU-T X.660): free for anyone to use in
 * examples and never assigned to an organisation, so it cannot collide with a real TSA
 * policy; it is deliberately not a registered policy. 3161 = the RFC, .1 = demo policy v1.
 */
export const DEMO_TSA_POLICY_OID = '2.999.3161.1';

export const DEMO_TSA_CA_SUBJECT = {
  cn: 'Autorité racine de démonstration Sceau',
  o: 'Sceau (démonstration)',
  c: 'FR',
} as const;
export const DEMO_TSA_SUBJECT = {
  cn: "Autorité d'horodatage de démonstration Sceau",
  o: 'Sceau (démonstration)',
  c: 'FR',
} as const;

export interface DemoTsaOptions {
  /** Where the keys, certificates and serial counter are kept (created if missing). */
  dataDir: string;
  /** 0 or absent = random free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
}

export interface DemoTsa {
  /** http://127.0.0.1:<port>/tsa */
  url: string;
  /** The demo CA: what a client must trust (`TsaConfig.trustPem`). */
  caPem: string;
  /** The current signing certificate (also joined to tokens when certReq is set). */
  tsaCertPem: string;
  policyOid: string;
  close(): Promise<void>;
}

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** Accepted imprint algorithms and their digest length. */
const IMPRINT_LENGTHS: Record<string, number> = { [OID.sha256]: 32, [OID.sha384]: 48, [OID.sha512]: 64 };

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
const FAIL = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;

const MAX_QUERY_BYTES = 64 * 1024;
const CA_YEARS = 20;
const TSA_YEARS = 10;
/** Serial numbers reserved on disk at a time: one fsync per block, not per token. */
const SERIAL_BLOCK = 1000n;

const FILES = {
  caKey: 'demo-ca.key',
  caCert: 'demo-ca.pem',
  tsaKey: 'demo-tsa.key',
  tsaCert: 'demo-tsa.pem',
  serial: 'demo-tsa.serial',
} as const;

const generateRsa = promisify(generateKeyPair);

// ---------------------------------------------------------------------------------------
// Small helpers

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return new Uint8Array(data).buffer;
}

function der(schema: { toBER(): ArrayBuffer }): Buffer {
  return Buffer.from(schema.toBER());
}

/** Temp file + fsync + rename: a crash leaves the old or the new content, never half. */
function writeDurable(file: string, data: string | Buffer, mode: number): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(tmp, 'w', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDirSync(path.dirname(file));
}

function name(parts: { cn: string; o: string; c: string }): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: pkijs.AttributeValueType): asn1js.Set =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
  // One attribute per RDN, encoded here: pkijs would put them all in a single
  // multi-valued RDN ("C=FR+O=…+CN=…"); parsing keeps these exact bytes.
  const seq = new asn1js.Sequence({
    value: [
      rdn('2.5.4.6', new asn1js.PrintableString({ value: parts.c })),
      rdn('2.5.4.10', new asn1js.Utf8String({ value: parts.o })),
      rdn('2.5.4.3', new asn1js.Utf8String({ value: parts.cn })),
    ],
  });
  return pkijs.RelativeDistinguishedNames.fromBER(seq.toBER());
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
function certTime(date: Date): pkijs.Time {
  return new pkijs.Time({
    type: date.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime,
    value: date,
  });
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** DER named BIT STRING with the given bits set (trailing zero bits trimmed). */
function namedBits(bits: number[]): asn1js.BitString {
  const top = Math.max(...bits);
  const bytes = new Uint8Array((top >> 3) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (top & 7) });
}

function extension(extnID: string, critical: boolean, value: { toBER(): ArrayBuffer }): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER() });
}

function keyId(spki: pkijs.PublicKeyInfo): Buffer {
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

function positiveSerial(): asn1js.Integer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return new asn1js.Integer({ valueHex: bytes });
}

const rsaSha256 = (): pkijs.AlgorithmIdentifier =>
  new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() });

interface CertSpec {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: KeyObject;
  issuerKey: KeyObject;
  /** Key identifier of the issuer (absent for the self-signed CA). */
  issuerKeyId?: Buffer;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
}

/** Builds and signs (node:crypto) an X.509 v3 certificate; returns its PEM. */
function issueCertificate(spec: CertSpec): string {
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spec.publicKey.export({ type: 'spki', format: 'der' })));
  const ownKeyId = keyId(spki);
  const extensions = spec.ca
    ? [
        extension(
          OID.basicConstraints,
          true,
          new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema(),
        ),
        extension(OID.keyUsage, true, namedBits([5, 6])), // keyCertSign, cRLSign
        extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: ownKeyId })),
      ]
    : [
        extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
        extension(OID.keyUsage, true, namedBits([0])), // digitalSignature
        // Critical and alone: RFC 3161 §2.3, checked by openssl and by our verifier.
        extension(OID.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] }).toSchema()),
        extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: ownKeyId })),
        extension(
          OID.authorityKeyId,
          false,
          new pkijs.AuthorityKeyIdentifier({
            keyIdentifier: new asn1js.OctetString({ valueHex: spec.issuerKeyId ?? ownKeyId }),
          }).toSchema(),
        ),
      ];
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: positiveSerial(),
    signature: rsaSha256(),
    issuer: spec.issuer,
    subject: spec.subject,
    notBefore: certTime(spec.notBefore),
    notAfter: certTime(spec.notAfter),
    subjectPublicKeyInfo: spki,
    extensions,
    signatureAlgorithm: rsaSha256(),
  });
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER());
  cert.signatureValue = new asn1js.BitString({ valueHex: signData('sha256', cert.tbsView, spec.issuerKey) });
  return new X509Certificate(der(cert.toSchema())).toString();
}

async function newRsaKey(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return generateRsa('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}

function keyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// ---------------------------------------------------------------------------------------
// Persistent key material

interface Authority {
  caPem: string;
  caCert: X509Certificate;
  tsaPem: string;
  tsaCert: X509Certificate;
  /** pkijs view of the signing certificate (issuer/serial/subject for the CMS structures). */
  tsaPki: pkijs.Certificate;
  tsaKey: KeyObject;
  /** True when the CA was created by this start: no token can exist yet. */
  fresh: boolean;
}

function corrupted(dir: string, what: string): Error {
  return new Error(
    `L'autorité d'horodatage de démonstration ne peut pas démarrer : ${what} dans « ${dir} » est illisible ou incohérent. ` +
      'Supprimez ce dossier pour en créer une nouvelle (les jetons déjà émis ne seront plus vérifiables avec la nouvelle autorité).',
  );
}

async function loadOrCreateAuthority(dir: string, now: Date): Promise<Authority> {
  mkdirSync(dir, { recursive: true });
  const file = (f: string): string => path.join(dir, f);
  let fresh = false;

  // The CA. Key first, then certificate: a crash between the two leaves no certificate, and
  // the CA is simply created again (nothing was signed by the lost one).
  let caCert: X509Certificate;
  let caKey: KeyObject;
  if (!existsSync(file(FILES.caCert))) {
    const pair = await newRsaKey();
    writeDurable(file(FILES.caKey), keyPem(pair.privateKey), 0o600);
    const subject = name(DEMO_TSA_CA_SUBJECT);
    // Backdated a day: a token stamped by a PC whose clock lags a little still chains.
    const notBefore = new Date(now.getTime() - 86_400_000);
    const pem = issueCertificate({
      subject,
      issuer: subject,
      publicKey: pair.publicKey,
      issuerKey: pair.privateKey,
      notBefore,
      notAfter: addYears(notBefore, CA_YEARS),
      ca: true,
    });
    writeDurable(file(FILES.caCert), pem, 0o644);
    // The old signing certificate (if any) belongs to another CA: drop it.
    rmSync(file(FILES.tsaCert), { force: true });
    fresh = true;
  }
  try {
    caCert = new X509Certificate(readFileSync(file(FILES.caCert)));
    caKey = createPrivateKey(readFileSync(file(FILES.caKey)));
    if (!caCert.ca || !caCert.checkPrivateKey(caKey)) throw new Error('mismatch');
  } catch {
    // An existing CA is never replaced silently: tokens may already chain to it.
    throw corrupted(dir, "le certificat ou la clé de l'autorité racine");
  }
  if (now < caCert.validFromDate || now > caCert.validToDate) {
    throw new Error(
      `L'autorité d'horodatage de démonstration n'est pas valide à la date de cet ordinateur (${now.toISOString()}) : ` +
        "vérifiez l'horloge, ou supprimez le dossier « " +
        dir +
        ' » pour en créer une nouvelle.',
    );
  }

  // The signing certificate: (re)issued when missing, unusable, expired or from another CA.
  const usable = (): { pem: string; cert: X509Certificate; key: KeyObject } | null => {
    try {
      const pem = readFileSync(file(FILES.tsaCert), 'utf8');
      const cert = new X509Certificate(pem);
      const key = createPrivateKey(readFileSync(file(FILES.tsaKey)));
      const ok =
        cert.checkPrivateKey(key) &&
        cert.checkIssued(caCert) &&
        cert.verify(caCert.publicKey) &&
        now >= cert.validFromDate &&
        now <= cert.validToDate;
      return ok ? { pem, cert, key } : null;
    } catch {
      return null;
    }
  };
  let tsa = usable();
  if (!tsa) {
    const pair = await newRsaKey();
    writeDurable(file(FILES.tsaKey), keyPem(pair.privateKey), 0o600);
    const caPki = pkijs.Certificate.fromBER(toArrayBuffer(caCert.raw));
    const notBefore = new Date(Math.max(now.getTime() - 86_400_000, caCert.validFromDate.getTime()));
    const notAfter = new Date(Math.min(addYears(notBefore, TSA_YEARS).getTime(), caCert.validToDate.getTime()));
    const pem = issueCertificate({
      subject: name(DEMO_TSA_SUBJECT),
      issuer: caPki.subject,
      publicKey: pair.publicKey,
      issuerKey: caKey,
      issuerKeyId: keyId(caPki.subjectPublicKeyInfo),
      notBefore,
      notAfter,
      ca: false,
    });
    writeDurable(file(FILES.tsaCert), pem, 0o644);
    tsa = usable();
    if (!tsa) throw corrupted(dir, "le certificat d'horodatage qui vient d'être créé");
  }
  return {
    caPem: caCert.toString(),
    caCert,
    tsaPem: tsa.cert.toString(),
    tsaCert: tsa.cert,
    tsaPki: pkijs.Certificate.fromBER(toArrayBuffer(tsa.cert.raw)),
    tsaKey: tsa.key,
    fresh,
  };
}

/**
 * Unique, increasing serial numbers across restarts without an fsync per token: the file
 * holds the first number not yet reserved; a block is reserved (written durably) before
 * any number of it is used, so a crash only skips numbers, never reuses one.
 */
class SerialCounter {
  private next: bigint;
  private limit: bigint;

  constructor(
    private readonly file: string,
    fresh: boolean,
    now: Date,
  ) {
    let start: bigint | null = null;
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (/^[1-9][0-9]{0,40}$/.test(text)) start = BigInt(text);
    } catch {
      // Missing: see below.
    }
    // Lost or damaged counter of a CA that already signed: restart far above anything
    // issued before (milliseconds × 1000 exceeds any count this demo can reach).
    this.next = start ?? (fresh ? 1n : BigInt(now.getTime()) * 1000n);
    this.limit = this.next;
  }

  take(): bigint {
    if (this.next >= this.limit) {
      this.limit = this.next + SERIAL_BLOCK;
      writeDurable(this.file, `${this.limit}\n`, 0o644);
    }
    return this.next++;
  }
}

// ---------------------------------------------------------------------------------------
// RFC 3161 answers

class Refusal extends Error {
  constructor(
    readonly failBit: number,
    message: string,
  ) {
    super(message);
  }
}

function rejection(failBit: number, text: string): Buffer {
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: namedBits([failBit]),
    }),
  });
  return der(resp.toSchema());
}

interface ParsedQuery {
  hashAlgorithm: string;
  /** The request's AlgorithmIdentifier had explicit NULL parameters (copied as is). */
  nullParams: boolean;
  imprint: Uint8Array;
  nonce: Uint8Array | null;
  certReq: boolean;
}

function parseQuery(body: Buffer, policyOid: string): ParsedQuery {
  const malformed = (why: string): Refusal =>
    new Refusal(FAIL.badRequest, `La requête d'horodatage est mal formée (${why}).`);
  const asn = asn1js.fromBER(toArrayBuffer(body));
  if (asn.offset === -1 || asn.offset !== body.length) throw malformed("ce n'est pas une structure ASN.1 DER complète");
  let req: pkijs.TimeStampReq;
  try {
    req = new pkijs.TimeStampReq({ schema: asn.result });
  } catch {
    throw malformed("ce n'est pas une TimeStampReq RFC 3161");
  }
  if (req.version !== 1) throw malformed(`version ${req.version}, seule la version 1 est prise en charge`);
  const hashAlgorithm = req.messageImprint.hashAlgorithm.algorithmId;
  const expectedLength = IMPRINT_LENGTHS[hashAlgorithm];
  if (expectedLength === undefined) {
    throw new Refusal(
      FAIL.badAlg,
      `L'algorithme d'empreinte ${hashAlgorithm} n'est pas accepté : utilisez SHA-256, SHA-384 ou SHA-512.`,
    );
  }
  const hashed = req.messageImprint.hashedMessage;
  if (hashed.idBlock.isConstructed || hashed.valueBlock.valueHexView.length !== expectedLength) {
    throw new Refusal(
      FAIL.badDataFormat,
      `L'empreinte transmise ne fait pas ${expectedLength} octets, la longueur attendue pour cet algorithme.`,
    );
  }
  if (req.reqPolicy !== undefined && req.reqPolicy !== policyOid) {
    throw new Refusal(
      FAIL.unacceptedPolicy,
      `La politique d'horodatage demandée (${req.reqPolicy}) n'est pas celle de cette autorité (${policyOid}).`,
    );
  }
  if (req.extensions && req.extensions.length > 0) {
    throw new Refusal(FAIL.unacceptedExtension, "Les extensions de requête d'horodatage ne sont pas prises en charge.");
  }
  return {
    hashAlgorithm,
    nullParams: req.messageImprint.hashAlgorithm.algorithmParams instanceof asn1js.Null,
    imprint: new Uint8Array(hashed.valueBlock.valueHexView),
    nonce: req.nonce ? new Uint8Array(req.nonce.valueBlock.valueHexView) : null,
    certReq: req.certReq === true,
  };
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

interface Signer {
  authority: Authority;
  serials: SerialCounter;
  policyOid: string;
  now(): Date;
}

/** Builds the granted TimeStampResp: TSTInfo in a CMS SignedData signed by the TSA key. */
function grant(query: ParsedQuery, signer: Signer): Buffer {
  const { tsaPki, tsaCert, tsaKey } = signer.authority;
  // Whole seconds (DER GeneralizedTime without fraction), covered by the 1 s accuracy.
  const genTime = new Date(Math.floor(signer.now().getTime() / 1000) * 1000);
  const tst = new pkijs.TSTInfo({
    version: 1,
    policy: signer.policyOid,
    // Same value as in the request (RFC 3161 §2.4.2), parameters included.
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: query.hashAlgorithm,
        ...(query.nullParams ? { algorithmParams: new asn1js.Null() } : {}),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: query.imprint }),
    }),
    serialNumber: asn1js.Integer.fromBigInt(signer.serials.take()),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(query.nonce ? { nonce: new asn1js.Integer({ valueHex: query.nonce }) } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: tsaPki.subject }),
  });
  const eContent = der(tst.toSchema());

  // ESSCertIDv2 (RFC 5035): hashAlgorithm omitted = SHA-256 (DER drops the DEFAULT), plus
  // issuerSerial. openssl ts -verify requires this attribute and matches it to the signer.
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: createHash('sha256').update(tsaCert.raw).digest() }),
      new asn1js.Sequence({
        value: [
          new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: tsaPki.issuer })] }).toSchema(),
          new asn1js.Integer({ valueHex: tsaPki.serialNumber.valueBlock.valueHexView }),
        ],
      }),
    ],
  });
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.tstInfo })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: createHash('sha256').update(eContent).digest() })),
    attribute(
      OID.signingCertificateV2,
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] }),
    ),
  ];
  // DER SET OF: elements sorted by their encoding. Verifiers (openssl) re-encode the set
  // before checking the signature, so any other order would break it.
  const sorted = attributes
    .map((a) => ({ a, bytes: der(a.toSchema()) }))
    .sort((x, y) => Buffer.compare(x.bytes, y.bytes))
    .map((x) => x.a);
  const signedAttrsDer = der(new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }));

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaPki.issuer, serialNumber: tsaPki.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: signData('sha256', signedAttrsDer, tsaKey) }),
  });
  const encap = new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo });
  // Set after construction: the constructor would turn it into a constructed (BER-only)
  // OCTET STRING; DER wants the primitive form.
  encap.eContent = new asn1js.OctetString({ valueHex: eContent });
  const signed = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: encap,
    // RFC 3161 §2.4.1: the TSA certificate is joined when the client asks (certReq).
    ...(query.certReq ? { certificates: [tsaPki] } : {}),
    signerInfos: [signerInfo],
  });
  const resp = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) }),
  });
  return der(resp.toSchema());
}

/** The HTTP body of the answer to one query: always a TimeStampResp (granted or refused). */
function answer(body: Buffer, signer: Signer): Buffer {
  let query: ParsedQuery;
  try {
    query = parseQuery(body, signer.policyOid);
  } catch (err) {
    if (err instanceof Refusal) return rejection(err.failBit, err.message);
    return rejection(FAIL.badRequest, "La requête d'horodatage est mal formée.");
  }
  try {
    return grant(query, signer);
  } catch {
    // e.g. the serial counter cannot be written: refuse rather than risk a reused number.
    return rejection(
      FAIL.systemFailure,
      "L'autorité d'horodatage de démonstration est en panne : le jeton n'a pas pu être émis.",
    );
  }
}

// ---------------------------------------------------------------------------------------
// HTTP

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startDemoTsa(options: DemoTsaOptions): Promise<DemoTsa> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = path.resolve(options.dataDir);
  const authority = await loadOrCreateAuthority(dataDir, new Date());
  const signer: Signer = {
    authority,
    serials: new SerialCounter(path.join(dataDir, FILES.serial), authority.fresh, new Date()),
    policyOid: DEMO_TSA_POLICY_OID,
    now: () => new Date(),
  };

  const server = createServer((req, res) => {
    const plain = (status: number, text: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`);
    };
    if ((req.url ?? '').split('?')[0] !== '/tsa') {
      req.resume();
      return plain(404, "Adresse inconnue : l'autorité d'horodatage répond sur /tsa.");
    }
    if (req.method !== 'POST') {
      req.resume();
      return plain(405, "L'autorité d'horodatage n'accepte que des requêtes POST (application/timestamp-query).", {
        Allow: 'POST',
      });
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/timestamp-query') {
      req.resume();
      return plain(415, 'Type de contenu attendu : application/timestamp-query.');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_QUERY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return plain(413, "La requête d'horodatage est trop volumineuse.");
      const body = answer(Buffer.concat(chunks), signer);
      res.writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': body.length }).end(body);
    });
    req.on('error', () => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `L'autorité d'horodatage de démonstration ne peut pas écouter sur le port ${options.port} : il est déjà utilisé.`
            : `L'autorité d'horodatage de démonstration ne peut pas démarrer (${err.code ?? err.message}).`,
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}/tsa`,
    caPem: authority.caPem,
    tsaCertPem: authority.tsaPem,
    policyOid: DEMO_TSA_POLICY_OID,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
