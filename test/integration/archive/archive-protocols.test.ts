import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import {
  ArchiveError,
  type ArchiveConnector,
  type ReplyOutcome,
  type ResumeState,
  type TransferRef,
} from '../../../main/core/archive/connector';
import { VitamClient } from '../../../main/core/archive/vitam-client';
import { parseArchiveTransferReply } from '../../../main/core/seda/replies';
import { validateSeda } from '../../../main/core/seda/xsd';
import {
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_VITAM_ACCESS_CONTRACT,
} from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { startFaultProxy } from '../../tools/fault-proxy';
import { makeTransfer } from '../../tools/seda-package';

let archive: DemoArchive;
let dir: string;
const PENDING = 300;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-archive-'));
  archive = await startDemoArchive({ dataDir: path.join(dir, 'archive'), pendingMs: PENDING });
});
afterAll(async () => {
  await archive.close();
});

const asalae = (baseUrl = archive.asalaeUrl, extra: Partial<ConstructorParameters<typeof AsalaeClient>[0]> = {}) =>
  new AsalaeClient({
    baseUrl,
    login: DEMO_ASALAE_LOGIN,
    password: DEMO_ASALAE_PASSWORD,
    http: { idleTimeoutMs: 3000 },
    ...extra,
  });

async function until<T>(f: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const finalReply = (c: ArchiveConnector, ref: TransferRef) =>
  until(
    () => c.reply(ref),
    (r: ReplyOutcome) => r.state !== 'pending',
  );

async function rejectsWith(p: Promise<unknown>): Promise<ArchiveError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected an ArchiveError');
}

describe('as@lae against the demo archive', () => {
  test('send → pending → ACK → ATR accepted with a cote; replies valid SEDA; stored on disk', async () => {
    const c = asalae();
    expect(await c.check()).toMatchObject({ reachable: true, authenticated: true, serverVersion: 'as@lae V2.1.0' });
    const t = await makeTransfer(dir, 'asalae', { version: '2.2' });
    const progress: number[] = [];
    await c.send(t, { onProgress: (s) => progress.push(s) });
    expect(progress.at(-1)).toBe(t.totalBytes);
    expect(await c.reply(t)).toEqual({ state: 'pending' });
    const ack = await until(
      () => c.acknowledgement(t),
      (a) => a.state === 'received',
    );
    expect(ack.state).toBe('received');
    if (ack.state === 'received') expect((await validateSeda(ack.xml, '2.2')).valid).toBe(true);
    const r = await finalReply(c, t);
    expect(r).toMatchObject({ state: 'accepted', replyCode: '000' });
    if (r.state === 'pending') return;
    expect(r.archiveReference).toMatch(/^AE_\d{4}_\d+$/);
    expect((await validateSeda(r.xml, '2.2')).valid).toBe(true);
    // as@lae echo: the bordereau's package comes back, the cote on the root unit, ids swapped.
    const atr = parseArchiveTransferReply(r.xml);
    expect(atr).toMatchObject({
      messageIdentifier: t.messageIdentifier,
      messageRequestIdentifier: expect.stringMatching(/^FRDEMO_ATR_/),
      archivalAgencyArchiveUnitIdentifier: r.archiveReference,
    });
    expect(r.xml).toContain('<DataObjectGroup');
    expect(r.xml).toContain('<KeywordContent>7.1 Décisions budgétaires</KeywordContent>');
    expect(archive.stats().accepted).toContain(t.messageIdentifier);
    const stored = (await readdir(path.join(dir, 'archive', 'transfers'))).find((d) => d.includes(t.messageIdentifier));
    expect(stored).toBeDefined();
    const files = await readdir(path.join(dir, 'archive', 'transfers', stored ?? ''));
    expect(files).toEqual(expect.arrayContaining(['bordereau.xml', 'ack.xml', 'atr.xml', 'files', 'archive.tar.gz']));
    expect(await c.lookup(t)).toEqual({ received: true });
    expect(await c.lookup({ ...t, messageIdentifier: 'NEVER-SENT' })).toEqual({ received: false });
  });

  test.each([
    ['digest mismatch', { corruptDigest: true }, '207', /Empreinte non conforme/],
    ['missing file', { omitFile: true }, '211', /Pièce absente/],
    ['schema error', { breakSchema: true }, '101', /schéma SEDA/],
    ['forbidden classification (demo rule)', { classification: '9.1 Autres domaines' }, '300', /classification « 9\.1/],
    ['unknown agreement', { agreement: 'ACCORD-INCONNU' }, '300', /Accord de versement inconnu/],
  ])('rejection: %s', async (_name, spec, code, comment) => {
    const c = asalae();
    const t = await makeTransfer(dir, 'asalae', spec);
    await c.send(t);
    const r = await finalReply(c, t);
    expect(r).toMatchObject({ state: 'rejected', replyCode: code });
    if (r.state !== 'pending') {
      expect(r.comment).toMatch(comment);
      expect((await validateSeda(r.xml, '2.1')).valid).toBe(true);
    }
    expect(archive.stats().rejected).toContain(t.messageIdentifier);
  });

  test('wrong password: French auth error', async () => {
    const c = asalae(archive.asalaeUrl, { password: 'mauvais' });
    const check = await c.check();
    expect(check).toMatchObject({ reachable: true, authenticated: false });
    expect(check.message).toMatch(/refusé l’identifiant ou le mot de passe/);
    const e = await rejectsWith(c.send(await makeTransfer(dir, 'asalae')));
    expect(e.code).toBe('auth');
    expect(e.httpStatus).toBe(401);
  });

  test('same MessageIdentifier twice is not stored twice', async () => {
    const c = asalae();
    const t = await makeTransfer(dir, 'asalae');
    const before = archive.stats().duplicatesRefused;
    await c.send(t);
    const e = await rejectsWith(c.send(t));
    expect(e.code).toBe('refused');
    expect(e.message).toMatch(/déjà reçu/);
    expect(archive.stats().duplicatesRefused).toBe(before + 1);
    await finalReply(c, t);
    expect(archive.stats().accepted.filter((id) => id === t.messageIdentifier)).toHaveLength(1);
  });

  test('lost answer after upload ⇒ outcomeUnknown, lookup says received', async () => {
    const proxy = await startFaultProxy({ target: archive.url });
    try {
      proxy.plan({ match: /^POST \/restservices\/sedaMessages$/, fault: { kind: 'lostAnswer' } });
      const c = asalae(`${proxy.url}/restservices`);
      const t = await makeTransfer(dir, 'asalae');
      const e = await rejectsWith(c.send(t));
      expect(e.outcomeUnknown).toBe(true);
      expect(await c.lookup(t)).toEqual({ received: true });
    } finally {
      await proxy.close();
    }
  });

  test('chunked upload resumes after a broken connection', async () => {
    const proxy = await startFaultProxy({ target: archive.url });
    try {
      const c = asalae(`${proxy.url}/restservices`, { chunkThresholdBytes: 100_000, chunkSizeBytes: 256 * 1024 });
      const t = await makeTransfer(dir, 'asalae', {
        files: [{ name: 'gros.pdf', data: randomBytes(1024 * 1024 + 123) }],
      });
      const chunks = Math.ceil(t.totalBytes / (256 * 1024));
      expect(chunks).toBe(5);
      // The first chunk's connection breaks mid-upload; the session is kept for the resume.
      proxy.plan({ match: /ChunkFiles/, fault: { kind: 'resetMidUpload', afterBytes: 50_000 }, times: 1 });
      const states: ResumeState[] = [];
      const before = archive.stats().chunksReceived;
      let resume: ResumeState | undefined;
      const first = rejectsWith(
        c.send(t, {
          onResumeState: (s) => {
            states.push(s);
            resume = s;
          },
        }),
      );
      const e = await first;
      expect(e.code).toBe('network');
      expect(e.outcomeUnknown).toBe(false);
      expect(resume?.sessionIdentifier).toBeTruthy();
      expect(resume?.lastChunkAcked).toBe(0);
      const sent: number[] = [];
      await c.send(t, { resume, onResumeState: (s) => (resume = s), onProgress: (s) => sent.push(s) });
      expect(resume?.lastChunkAcked).toBe(chunks);
      expect(archive.stats().chunksReceived - before).toBe(chunks);
      expect(sent.at(-1)).toBe(t.totalBytes);
      const r = await finalReply(c, t);
      expect(r).toMatchObject({ state: 'accepted' });
    } finally {
      await proxy.close();
    }
  });
});

describe('Vitam against the demo archive', () => {
  const vitam = (baseUrl = archive.vitamUrl) =>
    new VitamClient({
      baseUrl,
      tenant: 0,
      sendManifestDigest: true,
      accessContractId: DEMO_VITAM_ACCESS_CONTRACT,
      lookupGraceMs: 2_000,
      http: { idleTimeoutMs: 3000 },
    });

  test('send → 202 + X-Request-Id → operation states → ATR OK', async () => {
    const c = vitam();
    const t = await makeTransfer(dir, 'vitam', { version: '2.2' });
    const { operationId } = await c.send(t);
    expect(operationId).toBeTruthy();
    const ref = { ...t, operationId };
    expect(await c.reply(ref)).toEqual({ state: 'pending' });
    expect((await c.acknowledgement(ref)).state).toBe('received');
    const r = await finalReply(c, ref);
    // Once processed (header check done), the logbook knows our MessageIdentifier.
    expect(await c.lookup(t)).toEqual({ received: true, operationId });
    expect(r).toMatchObject({ state: 'accepted', replyCode: 'OK' });
    if (r.state !== 'pending') {
      expect(r.archiveReference).toMatch(/^[a-z0-9]{36}$/);
      expect((await validateSeda(r.xml, '2.2')).valid).toBe(true);
      // Vitam: standard identifiers, one SystemId per unit of the SIP, the outcome as an event.
      const atr = parseArchiveTransferReply(r.xml);
      expect(atr).toMatchObject({ messageIdentifier: operationId, messageRequestIdentifier: t.messageIdentifier });
      expect(atr.systemIds?.length).toBeGreaterThanOrEqual(2);
      expect(atr.outcomeDetailMessages).toEqual(['Succès du processus d’entrée du SIP']);
    }
  });

  test('digest mismatch ⇒ KO with OutcomeDetailMessage; a duplicate is archived again (Vitam never refuses one)', async () => {
    const c = vitam();
    const bad = await makeTransfer(dir, 'vitam', { corruptDigest: true });
    const { operationId } = await c.send(bad);
    const r = await finalReply(c, { ...bad, operationId });
    expect(r).toMatchObject({ state: 'rejected', replyCode: 'KO' });
    if (r.state !== 'pending') expect(r.comment).toMatch(/Empreinte non conforme/);

    const good = await makeTransfer(dir, 'vitam');
    const first = await c.send(good);
    await finalReply(c, { ...good, ...first });
    const before = archive.stats().duplicatesArchived;
    const again = await c.send(good);
    const dup = await finalReply(c, { ...good, ...again });
    // Real Vitam: no duplicate check anywhere in ingest or worker — the client must never resend blindly.
    expect(dup).toMatchObject({ state: 'accepted' });
    expect(archive.stats().duplicatesArchived).toBe(before + 1);
    expect(archive.stats().accepted.filter((id) => id === good.messageIdentifier)).toHaveLength(2);
  });

  test('lost answer ⇒ outcomeUnknown, logbook lookup finds the operation', async () => {
    const proxy = await startFaultProxy({ target: archive.url });
    try {
      proxy.plan({ match: /ingests$/, fault: { kind: 'lostAnswer' } });
      const c = vitam(proxy.url);
      const t = await makeTransfer(dir, 'vitam');
      let resume: ResumeState = {};
      const e = await rejectsWith(c.send(t, { onResumeState: (s) => (resume = s) }));
      expect(e.outcomeUnknown).toBe(true);
      expect(resume.bodySentAt).toBeDefined();
      const ref = { ...t, ...(resume.bodySentAt ? { bodySentAt: resume.bodySentAt } : {}) };
      // Right after, the logbook does not know our identifier yet: "ask again later", not "not received".
      const early = await rejectsWith(c.lookup(ref));
      expect(early).toMatchObject({ retryable: true, outcomeUnknown: true });
      const found = await until(
        () => c.lookup(ref).catch(() => ({ received: false })),
        (f: { received: boolean }) => f.received,
      );
      expect(found.received).toBe(true);
      expect((found as { operationId?: string }).operationId).toMatch(/^[a-z0-9]{36}$/);
    } finally {
      await proxy.close();
    }
  });
});

describe('an archive answering garbage', () => {
  let server: http.Server;
  let base: string;
  let mode = 'html';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Maintenance</body></html>');
      } else if (mode === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{{{not json');
      } else if (mode === 'huge') {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        const block = Buffer.alloc(1024 * 1024, 'a');
        let n = 0;
        const push = () => {
          while (n < 64 && !res.destroyed) {
            n++;
            if (!res.write(block)) return res.once('drain', push);
          }
          res.end();
        };
        push();
      } else if (mode === 'wrong-ack') {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end(
          '<Acknowledgement xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><Date>2026-03-15T10:31:00</Date><MessageIdentifier>ACK-9</MessageIdentifier><MessageReceivedIdentifier>AUTRE</MessageReceivedIdentifier></Acknowledgement>',
        );
      } else if (mode === 'incomplete-ack') {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end(
          '<Acknowledgement xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"><MessageReceivedIdentifier>X1</MessageReceivedIdentifier></Acknowledgement>',
        );
      } else if (mode === 'hang') {
        /* never answers */
      }
    });
    server.on('checkExpectation', (req, res) => server.emit('request', req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/restservices`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const ref = { messageIdentifier: 'X1', transferringAgency: 'TA' };

  test('HTML error page on a JSON endpoint ⇒ « pas renvoyé une réponse compréhensible »', async () => {
    mode = 'html';
    const check = await asalae(base).check();
    expect(check.reachable).toBe(false);
    expect(check.message).toMatch(/le serveur n’a pas renvoyé une réponse compréhensible/i);
    const e = await rejectsWith(asalae(base).send(await makeTransfer(dir, 'asalae')));
    expect(e.code).toBe('protocol');
    expect(e.outcomeUnknown).toBe(true);
  });

  test('undecodable JSON ⇒ protocol error', async () => {
    mode = 'garbage';
    const check = await asalae(base).check();
    expect(check.message).toMatch(/compréhensible/);
  });

  test('wrong content type on ACK ⇒ protocol error', async () => {
    mode = 'html';
    const e = await rejectsWith(asalae(base).acknowledgement(ref));
    expect(e.code).toBe('protocol');
  });

  test('ACK for another transfer ⇒ protocol error', async () => {
    mode = 'wrong-ack';
    const e = await rejectsWith(asalae(base).acknowledgement(ref));
    expect(e.code).toBe('protocol');
    expect(e.message).toMatch(/réponse pour un autre transfert/);
  });

  test('ACK without its mandatory Date / MessageIdentifier ⇒ protocol error, not « received »', async () => {
    mode = 'incomplete-ack';
    const e = await rejectsWith(asalae(base).acknowledgement(ref));
    expect(e.code).toBe('protocol');
    expect(e.message).toMatch(/compréhensible/);
    await expect(asalae(base).lookup(ref)).rejects.toMatchObject({ code: 'protocol' });
  });

  test('huge answer is cut at the cap', async () => {
    mode = 'huge';
    const e = await rejectsWith(asalae(base).reply(ref));
    expect(e.code).toBe('protocol');
    expect(e.message).toMatch(/anormalement volumineuse/);
  });

  test('no answer ⇒ timeout', async () => {
    mode = 'hang';
    const c = new AsalaeClient({ baseUrl: base, login: 'a', password: 'b', http: { idleTimeoutMs: 300 } });
    const e = await rejectsWith(c.acknowledgement(ref));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/cessé de répondre/);
  });
});

test('stored index lists accepted transfers', async () => {
  const index = await readFile(path.join(dir, 'archive', 'index.jsonl'), 'utf8');
  expect(index.split('\n').filter(Boolean).length).toBeGreaterThan(3);
});
