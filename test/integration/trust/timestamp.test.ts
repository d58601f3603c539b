// Real RFC 3161 round trips against `openssl ts -reply` (test/tools/tsa-server.ts), with
// every token cross-checked by `openssl ts -verify`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCredentialStore } from '../../../main/core/credentials/session-store';
import {
  requestTimestamp,
  sha256,
  TimestampError,
  verifyTimestampToken,
  type TsaConfig,
} from '../../../main/core/seal/timestamp';
import { journalHeadStampData, TimestampService } from '../../../main/core/seal/timestamp-queue';
import { newNonce } from '../../../main/core/seal/timestamp-request';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { JournalTimestamps } from '../../../main/core/app/timestamps';
import { Journal } from '../../../main/core/seal/journal';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';

let tsa: TsaServer;
let other: TsaServer;
let dir: string;

beforeAll(async () => {
  [tsa, other] = await Promise.all([startTsaServer(), startTsaServer({ name: 'Autre TSA' })]);
  dir = mkdtempSync(join(tmpdir(), 'sceau-ts-'));
});
afterAll(async () => {
  await Promise.all([tsa?.close(), other?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const config = (): TsaConfig => ({ url: tsa.url, trustPem: tsa.caPem });

/** `openssl ts -verify` exactly as the evidence package's LISEZMOI tells an auditor. */
function opensslVerify(data: Buffer, tokenDer: Buffer, server: TsaServer = tsa): { ok: boolean; out: string } {
  const d = mkdtempSync(join(dir, 'v-'));
  writeFileSync(join(d, 'data'), data);
  writeFileSync(join(d, 'token.der'), tokenDer);
  const r = spawnSync(
    'openssl',
    [
      'ts',
      '-verify',
      '-data',
      join(d, 'data'),
      '-in',
      join(d, 'token.der'),
      '-token_in',
      '-CAfile',
      server.caFile,
      '-untrusted',
      server.tsaCertFile,
    ],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0 && /Verification: OK/.test(r.stdout), out: r.stdout + r.stderr };
}

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(TimestampError);
  expect((caught as TimestampError).message).toMatch(/^Le jeton d’horodatage est invalide : /);
  expect((caught as TimestampError).message).toMatch(pattern);
}

describe('RFC 3161 client (online)', () => {
  const data = Buffer.from('Délibération n° 2024-001 — budget primitif\n', 'utf8');

  it('obtains a verified token that openssl also accepts', async () => {
    const token = await requestTimestamp(sha256(data), { ...config(), policyOid: tsa.policyOid });
    expect(token.imprintHex).toBe(sha256(data).toString('hex'));
    expect(token.policy).toBe(tsa.policyOid);
    expect(token.tsaName).toContain('Horodatage de test');
    expect(Math.abs(token.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    expect(token.serial).toMatch(/^[0-9a-f]+$/);
    const v = opensslVerify(data, token.tokenDer);
    expect(v.ok, v.out).toBe(true);
    // Re-verification of the stored token, trusting the TSA certificate itself (pinned).
    expect(verifyTimestampToken(token.tokenDer, { imprint: sha256(data) }, { trustPem: tsa.tsaCertPem }).serial).toBe(
      token.serial,
    );
  });

  it('rejects forged or foreign tokens with a French reason', async () => {
    const imprint = sha256(data);
    const token = await requestTimestamp(imprint, config());
    const trust = { trustPem: tsa.caPem };

    // Flipped byte in the signature (the token ends with it).
    const sigFlip = Buffer.from(token.tokenDer);
    sigFlip[sigFlip.length - 5]! ^= 0x01;
    expectInvalid(() => verifyTimestampToken(sigFlip, { imprint }, trust), /signature/);
    expect(opensslVerify(data, sigFlip).ok).toBe(false);

    // Flipped byte inside the signed TSTInfo (in the stamped imprint).
    const at = token.tokenDer.indexOf(imprint);
    expect(at).toBeGreaterThan(0);
    const contentFlip = Buffer.from(token.tokenDer);
    contentFlip[at + 3]! ^= 0x80;
    expect(() => verifyTimestampToken(contentFlip, { imprint }, trust)).toThrow(TimestampError);
    expect(opensslVerify(data, contentFlip).ok).toBe(false);

    // Genuine token, other data.
    expectInvalid(() => verifyTimestampToken(token.tokenDer, { imprint: sha256('autre') }, trust), /empreinte/);
    // Genuine token, not the answer to our request.
    expectInvalid(() => verifyTimestampToken(token.tokenDer, { imprint, nonce: newNonce() }, trust), /nonce/);
    // Token signed by another TSA.
    const foreign = await requestTimestamp(imprint, { url: other.url, trustPem: other.caPem });
    expectInvalid(
      () => verifyTimestampToken(foreign.tokenDer, { imprint }, trust),
      /n’est pas l’autorité d’horodatage configurée/,
    );
    // The whole client refuses it too when pointed at the wrong TSA.
    await expect(requestTimestamp(imprint, { url: other.url, trustPem: tsa.caPem })).rejects.toThrow(
      /autorité d’horodatage configurée/,
    );
    // Time in the future beyond the skew.
    expectInvalid(
      () =>
        verifyTimestampToken(token.tokenDer, { imprint }, { ...trust, now: () => new Date(Date.now() - 3_600_000) }),
      /futur/,
    );
    expect(() => verifyTimestampToken(token.tokenDer, { imprint }, { trustPem: 'pas un certificat' })).toThrow(/PEM/);
  });

  // Review (rev2): the TSA's clock is the reference, not this computer's. With the local clock
  // 10 min behind, every fresh answer (our nonce, just asked) looked « dans le futur » and was
  // refused; each retry brought a new token 10 min « ahead » again: nothing was ever stamped.
  it('accepts a fresh answer while this computer’s clock runs 10 min behind the TSA', async () => {
    const behind = () => new Date(Date.now() - 10 * 60_000);
    const token = await requestTimestamp(sha256(data), config(), { now: behind });
    expect(opensslVerify(data, token.tokenDer).ok).toBe(true);
    expect(token.genTime.getTime()).toBeGreaterThan(behind().getTime() + 5 * 60_000);
  });

  // …and once stored, the same token must not read as broken while that clock lags: « Vérifier
  // l’intégrité » and `sceau verify` (code 4) called the journal broken for every recent token.
  it('the integrity check does not call a token granted 10 min « ahead » of this clock invalid', async () => {
    const behind = () => new Date(Date.now() - 10 * 60_000);
    mkdirSync(join(dir, 'clock-behind'));
    const db = openDatabase(join(dir, 'clock-behind', 'sceau.db'));
    try {
      db.transaction(() => new Journal(db).append({ type: 'profile.created', data: { name: 'Mairie' } }))();
      const stamps = new JournalTimestamps(
        db,
        { url: tsa.url, trustPem: tsa.caPem },
        new SessionCredentialStore(),
        () => {},
        { now: behind, dataDir: join(dir, 'clock-behind') },
      );
      expect(await stamps.stampNow()).toBe(true);
      const checks = stamps.verifyAll();
      expect(checks.length).toBeGreaterThanOrEqual(1);
      for (const c of checks) expect(c, c.message).toMatchObject({ ok: true });
    } finally {
      db.close();
    }
  });

  it('reports a TSA refusal with its PKIStatus text', async () => {
    const err = await requestTimestamp(sha256(data), { ...config(), policyOid: '1.2.3.4.5.6.7' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TimestampError);
    expect((err as TimestampError).code).toBe('rejected');
    expect((err as Error).message).toMatch(/^Le serveur d’horodatage a refusé la demande \(statut : refusé/);
    expect((err as Error).message).toMatch(/politique/);
  });

  it('uses Basic authentication with the password from the credential store', async () => {
    tsa.basicAuth = { user: 'mairie', password: 'S3cret-é' };
    try {
      const credentials = new SessionCredentialStore();
      const cfg = { ...config(), username: 'mairie', passwordAccount: 'p1/tsa-password@http://127.0.0.1' };
      await expect(requestTimestamp(sha256(data), cfg, { credentials })).rejects.toThrow(/n’est pas enregistré/);
      await credentials.set(cfg.passwordAccount, 'mauvais');
      const denied = (await requestTimestamp(sha256(data), cfg, { credentials }).catch((e: unknown) => e)) as Error;
      expect(denied.message).toMatch(/refuse l’accès \(HTTP 401\)/);
      expect(denied.message).not.toContain('mauvais');
      await credentials.set(cfg.passwordAccount, 'S3cret-é');
      const token = await requestTimestamp(sha256(data), cfg, { credentials });
      expect(opensslVerify(data, token.tokenDer).ok).toBe(true);
    } finally {
      tsa.basicAuth = null;
    }
  });
});

describe('timestamp queue (offline, then later)', () => {
  let db: Db;
  let clock = Date.now();
  const now = (): Date => new Date(clock);
  let seq = 0;
  let prev = '0'.repeat(64);

  // The journal is owned by seal/journal.ts; rows are written directly here with the same shape.
  function appendJournal(type: string): { seq: number; hash: string } {
    seq++;
    const hash = sha256(`${prev}|${seq}|${type}`).toString('hex');
    db.prepare(
      'INSERT INTO journal (seq, at, document_id, profile_id, type, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)',
    ).run(seq, now().toISOString(), 'doc-1', 'p1', type, '{}', prev, hash);
    prev = hash;
    return { seq, hash };
  }

  beforeAll(() => {
    db = openDatabase(join(dir, 'sceau.db'));
  });
  afterAll(() => db?.close());

  it('queues while the TSA is offline and obtains the token once it is back', async () => {
    const service = new TimestampService({ db, tsa: config(), now, baseDelayMs: 1000 });
    expect(service.requestHeadStamp()).toBeNull();
    appendJournal('captured');
    appendJournal('sealed');
    await tsa.stop();

    const queued = service.requestHeadStamp()!;
    expect(queued.state).toBe('pending');
    expect(queued.subjectSeq).toBe(2);
    const offline = await service.processQueue();
    expect(offline).toMatchObject({ granted: 0, retrying: 1 });
    const afterFail = service.get(queued.id);
    expect(afterFail.state).toBe('pending');
    expect(afterFail.attempts).toBe(1);
    expect(afterFail.lastError).toMatch(/^Le serveur d’horodatage http:\/\/127\.0\.0\.1:\d+\/tsa est injoignable/);
    expect(Date.parse(afterFail.nextAttemptAt)).toBeGreaterThan(clock);
    // Not due yet: nothing is sent.
    expect(await service.processQueue()).toMatchObject({ granted: 0, retrying: 0 });

    // More entries while offline: the pending request moves to the new head.
    const head = appendJournal('queued');
    const moved = service.requestHeadStamp()!;
    expect(moved.id).toBe(queued.id);
    expect(moved.subjectSeq).toBe(head.seq);
    expect(service.list('pending')).toHaveLength(1);

    await tsa.start();
    clock += 10_000;
    expect(await service.processQueue()).toMatchObject({ granted: 1, retrying: 0, failed: 0 });
    const granted = service.get(queued.id);
    expect(granted.state).toBe('granted');
    expect(granted.subjectHash).toBe(head.hash);
    expect(granted.lastError).toBeNull();

    for (const s of [1, 2, 3]) expect(service.tokenCovering(s)?.id).toBe(queued.id);
    expect(service.tokenCovering(4)).toBeNull();
    // Stamping the same head again reuses the granted token.
    expect(service.requestHeadStamp()!.id).toBe(queued.id);

    const stamped = journalHeadStampData(head.hash);
    expect(stamped.toString('ascii')).toBe(head.hash);
    const v = opensslVerify(stamped, granted.tokenDer!);
    expect(v.ok, v.out).toBe(true);
    expect(verifyTimestampToken(granted.tokenDer!, { imprint: sha256(stamped) }, { trustPem: tsa.caPem }).serial).toBe(
      granted.serial,
    );

    // A newer head gets its own token, which covers the new entry.
    appendJournal('sent');
    service.requestHeadStamp();
    expect(await service.processQueue()).toMatchObject({ granted: 1 });
    expect(service.tokenCovering(4)?.subjectSeq).toBe(4);
    expect(service.tokenCovering(2)?.id).toBe(queued.id);
  });

  it('stamps a document directly by its SHA-256', async () => {
    const file = Buffer.from('%PDF-1.4 arrêté municipal\n');
    const service = new TimestampService({ db, tsa: config(), now });
    service.requestDocumentStamp('doc-9', sha256(file).toString('hex'));
    expect(await service.processQueue()).toMatchObject({ granted: 1 });
    const token = service.tokenForDocument('doc-9')!;
    expect(opensslVerify(file, token.tokenDer!).ok).toBe(true);
    expect(() => service.requestDocumentStamp('doc-9', 'xyz')).toThrow(/mal formée/);
  });

  it('gives up on a request the TSA keeps refusing, with the French reason', async () => {
    const service = new TimestampService({
      db,
      tsa: { ...config(), policyOid: '1.2.3.4.9' },
      now,
      baseDelayMs: 1,
      maxHardAttempts: 2,
    });
    const row = service.requestDocumentStamp('doc-10', sha256('x').toString('hex'));
    await service.processQueue();
    clock += 1000;
    const r = await service.processQueue();
    expect(r.failed).toBe(1);
    const failed = service.get(row.id);
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/a refusé la demande/);
  });
});

it('openssl is the one from Debian', () => {
  expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3/);
});
