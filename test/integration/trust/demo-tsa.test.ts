// The demo archive's built-in TSA (main/demo-archive/demo-tsa.ts, pure TypeScript): its
// tokens must satisfy our own client/verifier AND the real `openssl ts -verify`, survive a
// restart, and its refusals must be proper RFC 3161 rejections with a French reason.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TSA_POLICY_OID, startDemoTsa, type DemoTsa } from '../../../main/demo-archive/demo-tsa';
import { requestTimestamp, sha256, TimestampError, verifyTimestampToken } from '../../../main/core/seal/timestamp';
import { buildTimestampRequest, newNonce, postTimestampQuery } from '../../../main/core/seal/timestamp-request';
import { tokenFromResponse, verifyTimestampResponse } from '../../../main/core/seal/timestamp-verify';

let root: string;
let dataDir: string;
let tsa: DemoTsa;
let caFile: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sceau-demo-tsa-'));
  dataDir = join(root, 'horodatage');
  tsa = await startDemoTsa({ dataDir });
  caFile = join(root, 'ca.pem');
  writeFileSync(caFile, tsa.caPem);
});
afterAll(async () => {
  await tsa?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

let seq = 0;
function tmpFile(content: Buffer | string, ext = 'bin'): string {
  const f = join(root, `f${++seq}.${ext}`);
  writeFileSync(f, content);
  return f;
}

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** Exactly the auditor's commands: response form (-in resp.tsr) and token form (-token_in). */
function opensslVerifies(
  data: Buffer,
  der: Buffer,
  form: 'reply' | 'token',
  ca = caFile,
): { ok: boolean; out: string } {
  const args = [
    'ts',
    '-verify',
    '-data',
    tmpFile(data),
    '-in',
    tmpFile(der, form === 'reply' ? 'tsr' : 'der'),
    '-CAfile',
    ca,
  ];
  if (form === 'token') args.push('-token_in');
  const r = openssl(args);
  return { ok: r.ok && /Verification: OK/.test(r.out), out: r.out };
}

function parseResp(respDer: Buffer): pkijs.TimeStampResp {
  return pkijs.TimeStampResp.fromBER(new Uint8Array(respDer).buffer);
}

function tstInfoOf(respDer: Buffer): pkijs.TSTInfo {
  const resp = parseResp(respDer);
  const signed = new pkijs.SignedData({ schema: resp.timeStampToken!.content });
  return pkijs.TSTInfo.fromBER(new Uint8Array(signed.encapContentInfo.eContent!.getValue()).buffer);
}

function failBits(respDer: Buffer): number[] {
  const bits = parseResp(respDer).status.failInfo?.valueBlock.valueHexView ?? new Uint8Array();
  const out: number[] = [];
  for (let i = 0; i < bits.length * 8; i++) if ((bits[i >> 3]! >> (7 - (i & 7))) & 1) out.push(i);
  return out;
}

function rawPost(
  url: string,
  body: Buffer,
  method = 'POST',
  contentType = 'application/timestamp-query',
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { 'Content-Type': contentType, 'Content-Length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function queryWith(algorithmId: string, hash: Buffer, extra: Partial<pkijs.TimeStampReqParameters> = {}): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId }),
      hashedMessage: new asn1js.OctetString({ valueHex: hash }),
    }),
    certReq: true,
    ...extra,
  });
  return Buffer.from(req.toSchema().toBER());
}

const data = Buffer.from('Arrêté municipal n° 2025-042 — horodatage de démonstration\n', 'utf8');

describe('demo TSA (pure TypeScript RFC 3161)', () => {
  it('publishes a demo CA and a timeStamping-only certificate openssl accepts for that purpose', () => {
    expect(tsa.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tsa$/);
    expect(tsa.policyOid).toBe(DEMO_TSA_POLICY_OID);
    const ca = new X509Certificate(tsa.caPem);
    const cert = new X509Certificate(tsa.tsaCertPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('Sceau (démonstration)');
    expect(cert.subject).toContain("CN=Autorité d'horodatage de démonstration Sceau");
    expect(cert.verify(ca.publicKey)).toBe(true);
    const text = openssl(['x509', '-in', tmpFile(tsa.tsaCertPem, 'pem'), '-noout', '-text']).out;
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    const purpose = openssl(['verify', '-purpose', 'timestampsign', '-CAfile', caFile, tmpFile(tsa.tsaCertPem, 'pem')]);
    expect(purpose.out).toMatch(/: OK/);
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'demo-tsa.key')).mode & 0o077).toBe(0);
      expect(statSync(join(dataDir, 'demo-ca.key')).mode & 0o077).toBe(0);
    }
  });

  it('grants tokens our client verifies and openssl ts -verify accepts (reply and -token_in forms)', async () => {
    const token = await requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem, policyOid: tsa.policyOid });
    expect(token.policy).toBe(DEMO_TSA_POLICY_OID);
    expect(token.imprintHex).toBe(sha256(data).toString('hex'));
    expect(token.tsaName).toContain("Autorité d'horodatage de démonstration Sceau");
    expect(Math.abs(token.genTime.getTime() - Date.now())).toBeLessThan(5_000);
    // Stored-token re-verification, against the CA and pinned to the TSA certificate.
    expect(verifyTimestampToken(token.tokenDer, { imprint: sha256(data) }, { trustPem: tsa.caPem }).serial).toBe(
      token.serial,
    );
    expect(verifyTimestampToken(token.tokenDer, { imprint: sha256(data) }, { trustPem: tsa.tsaCertPem }).serial).toBe(
      token.serial,
    );
    const asToken = opensslVerifies(data, token.tokenDer, 'token');
    expect(asToken.ok, asToken.out).toBe(true);
    expect(opensslVerifies(Buffer.from('autre contenu'), token.tokenDer, 'token').ok).toBe(false);

    // The whole TimeStampResp, as a .tsr file.
    const nonce = newNonce();
    const query = buildTimestampRequest(sha256(data), nonce);
    const resp = await postTimestampQuery(tsa.url, query);
    const v = opensslVerifies(data, resp, 'reply');
    expect(v.ok, v.out).toBe(true);
    // -queryfile form: openssl also checks nonce, imprint and policy against our request.
    const q = openssl([
      'ts',
      '-verify',
      '-queryfile',
      tmpFile(query, 'tsq'),
      '-in',
      tmpFile(resp, 'tsr'),
      '-CAfile',
      caFile,
    ]);
    expect(q.out, q.out).toMatch(/Verification: OK/);
    expect(verifyTimestampResponse(resp, { imprint: sha256(data), nonce }, { trustPem: tsa.caPem }).policy).toBe(
      DEMO_TSA_POLICY_OID,
    );
    // DER, not merely BER: openssl re-encodes the parsed answer to the very same bytes.
    const respFile = tmpFile(resp, 'tsr');
    const reencoded = join(root, `re${++seq}.tsr`);
    expect(openssl(['ts', '-reply', '-in', respFile, '-out', reencoded]).ok).toBe(true);
    expect(readFileSync(reencoded).equals(resp)).toBe(true);
    const shown = openssl(['ts', '-reply', '-in', respFile, '-text']).out;
    expect(shown).toMatch(/Status: Granted/);
    expect(shown).toMatch(/Accuracy: 0x01 seconds/);
  });

  it('answers a query made by openssl ts -query itself (SHA-384 and SHA-512 too)', async () => {
    for (const digest of ['-sha256', '-sha384', '-sha512']) {
      const dataFile = tmpFile(data);
      const queryFile = join(root, `q${++seq}.tsq`);
      expect(openssl(['ts', '-query', '-data', dataFile, digest, '-cert', '-out', queryFile]).ok).toBe(true);
      const res = await rawPost(tsa.url, readFileSync(queryFile));
      expect(res.status).toBe(200);
      const v = openssl(['ts', '-verify', '-queryfile', queryFile, '-in', tmpFile(res.body, 'tsr'), '-CAfile', caFile]);
      expect(v.out, `${digest}: ${v.out}`).toMatch(/Verification: OK/);
      expect(opensslVerifies(data, res.body, 'reply').ok).toBe(true);
    }
  });

  it('echoes the nonce, omits it when absent, and numbers tokens uniquely and increasingly', async () => {
    const nonce = newNonce();
    const withNonce = await postTimestampQuery(tsa.url, buildTimestampRequest(sha256(data), nonce));
    const echoed = tstInfoOf(withNonce).nonce!;
    expect(Buffer.from(echoed.valueBlock.valueHexView).equals(nonce)).toBe(true);

    const noNonce = await rawPost(tsa.url, queryWith('2.16.840.1.101.3.4.2.1', sha256(data), { certReq: false }));
    const tst = tstInfoOf(noNonce.body);
    expect(tst.nonce).toBeUndefined();
    // certReq false: no certificate joined, openssl then needs it with -untrusted.
    const signed = new pkijs.SignedData({ schema: parseResp(noNonce.body).timeStampToken!.content });
    expect(signed.certificates ?? []).toHaveLength(0);
    const v = openssl([
      'ts',
      '-verify',
      '-data',
      tmpFile(data),
      '-in',
      tmpFile(noNonce.body, 'tsr'),
      '-CAfile',
      caFile,
      '-untrusted',
      tmpFile(tsa.tsaCertPem, 'pem'),
    ]);
    expect(v.out).toMatch(/Verification: OK/);

    const serials: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await requestTimestamp(sha256(`${i}`), { url: tsa.url, trustPem: tsa.caPem });
      serials.push(BigInt(`0x${t.serial}`));
    }
    for (let i = 1; i < serials.length; i++) expect(serials[i]!).toBeGreaterThan(serials[i - 1]!);
  });

  it('refuses malformed queries, MD5 imprints, wrong lengths and foreign policies with a French reason', async () => {
    // Not DER at all.
    const garbage = await rawPost(tsa.url, Buffer.from('ceci n’est pas une requête'));
    expect(garbage.status).toBe(200);
    expect(parseResp(garbage.body).status.status).toBe(pkijs.PKIStatus.rejection);
    expect(failBits(garbage.body)).toEqual([2]);
    const err = (() => {
      try {
        tokenFromResponse(garbage.body);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(TimestampError);
    expect((err as TimestampError).code).toBe('rejected');
    expect((err as Error).message).toMatch(
      /^Le serveur d’horodatage a refusé la demande \(statut : refusé — La requête d'horodatage est mal formée/,
    );
    // openssl reads the refusal too (its wording for badRequest is RFC 3161's comment).
    expect(openssl(['ts', '-reply', '-in', tmpFile(garbage.body, 'tsr'), '-text']).out).toMatch(
      /Status: Rejected[\s\S]*Failure info: transaction not permitted or supported/,
    );

    // Valid DER, wrong structure; and a truncated query.
    const notAReq = await rawPost(
      tsa.url,
      Buffer.from(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] }).toBER()),
    );
    expect(failBits(notAReq.body)).toEqual([2]);
    const good = buildTimestampRequest(sha256(data), newNonce());
    expect(failBits((await rawPost(tsa.url, good.subarray(0, good.length - 3))).body)).toEqual([2]);

    // MD5 imprint: badAlg.
    const md5 = await rawPost(tsa.url, queryWith('1.2.840.113549.2.5', Buffer.alloc(16, 7)));
    expect(failBits(md5.body)).toEqual([0]);
    expect(parseResp(md5.body).status.statusStrings?.[0]?.valueBlock.value).toMatch(/SHA-256, SHA-384 ou SHA-512/);
    expect(() => tokenFromResponse(md5.body)).toThrow(/algorithme de hachage non reconnu/);
    expect(openssl(['ts', '-reply', '-in', tmpFile(md5.body, 'tsr'), '-text']).out).toMatch(
      /unrecognized or unsupported algorithm/,
    );

    // SHA-256 announced, 20 bytes sent: badDataFormat.
    const short = await rawPost(tsa.url, queryWith('2.16.840.1.101.3.4.2.1', Buffer.alloc(20, 1)));
    expect(failBits(short.body)).toEqual([5]);

    // A policy this TSA does not apply: unacceptedPolicy, through our whole client.
    await expect(
      requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem, policyOid: '1.2.3.4.5' }),
    ).rejects.toThrow(/refusé la demande[\s\S]*politique/);
  });

  it('speaks HTTP as a TSA should', async () => {
    expect((await rawPost(tsa.url, Buffer.alloc(0), 'GET')).status).toBe(405);
    expect(
      (await rawPost(tsa.url, buildTimestampRequest(sha256(data), newNonce()), 'POST', 'application/octet-stream'))
        .status,
    ).toBe(415);
    expect((await rawPost(tsa.url.replace(/\/tsa$/, '/autre'), Buffer.alloc(0))).status).toBe(404);
    expect((await rawPost(tsa.url, Buffer.alloc(70_000))).status).toBe(413);
  });

  it('keeps its CA, certificate and serial numbers across a restart: earlier tokens still verify', async () => {
    const before = await requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem });
    const beforeResp = await postTimestampQuery(tsa.url, buildTimestampRequest(sha256(data), newNonce()));
    const { caPem, tsaCertPem } = tsa;
    await tsa.close();
    await tsa.close(); // idempotent

    tsa = await startDemoTsa({ dataDir });
    expect(tsa.caPem).toBe(caPem);
    expect(tsa.tsaCertPem).toBe(tsaCertPem);
    const after = await requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem });
    expect(BigInt(`0x${after.serial}`)).toBeGreaterThan(BigInt(`0x${before.serial}`));

    const restartedCa = tmpFile(tsa.caPem, 'pem');
    expect(verifyTimestampToken(before.tokenDer, { imprint: sha256(data) }, { trustPem: tsa.caPem }).serial).toBe(
      before.serial,
    );
    expect(opensslVerifies(data, before.tokenDer, 'token', restartedCa).ok).toBe(true);
    expect(opensslVerifies(data, beforeResp, 'reply', restartedCa).ok).toBe(true);

    // Another data directory is another authority: its CA does not vouch for our tokens.
    const other = await startDemoTsa({ dataDir: join(root, 'autre') });
    try {
      expect(other.caPem).not.toBe(caPem);
      expect(() => verifyTimestampToken(before.tokenDer, { imprint: sha256(data) }, { trustPem: other.caPem })).toThrow(
        /n’est pas l’autorité d’horodatage configurée/,
      );
      expect(opensslVerifies(data, before.tokenDer, 'token', tmpFile(other.caPem, 'pem')).ok).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('re-issues a missing signing certificate from the same CA, and never replaces a damaged CA silently', async () => {
    const old = await requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem });
    const { caPem, tsaCertPem } = tsa;
    await tsa.close();
    rmSync(join(dataDir, 'demo-tsa.pem'));
    rmSync(join(dataDir, 'demo-tsa.serial'));
    tsa = await startDemoTsa({ dataDir });
    expect(tsa.caPem).toBe(caPem);
    expect(tsa.tsaCertPem).not.toBe(tsaCertPem);
    const renewed = await requestTimestamp(sha256(data), { url: tsa.url, trustPem: tsa.caPem });
    // Lost counter: restarts far above every earlier serial.
    expect(BigInt(`0x${renewed.serial}`)).toBeGreaterThan(BigInt(`0x${old.serial}`));
    expect(opensslVerifies(data, old.tokenDer, 'token').ok).toBe(true);
    expect(opensslVerifies(data, renewed.tokenDer, 'token').ok).toBe(true);

    const broken = join(root, 'cassee');
    const b = await startDemoTsa({ dataDir: broken });
    await b.close();
    writeFileSync(join(broken, 'demo-ca.key'), 'abîmé');
    await expect(startDemoTsa({ dataDir: broken })).rejects.toThrow(/illisible ou incohérent/);
  });
});
