// Conformance with as@lae as Pastell drives it (libriciel/pastell connecteur/as@lae-rest,
// its fixtures; sources cited in docs/architecture.md § "Real archives"): one test per fact,
// against the faithful reference archive. Each failed with the client as it was before.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import type { ReplyOutcome, TransferRef } from '../../../main/core/archive/connector';
import { parseAcknowledgement, parseArchiveTransferReply } from '../../../main/core/seda/replies';
import { parseXml, child, childText } from '../../../main/core/seda/xml';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_TRANSFERRING_AGENCY,
} from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { makeTransfer } from '../../tools/seda-package';

let archive: DemoArchive;
let dir: string;
// Long enough for the reply's Date to differ from its GrantDate (to the second).
const PENDING = 1_500;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-asalae-conf-'));
  archive = await startDemoArchive({ dataDir: path.join(dir, 'archive'), pendingMs: PENDING });
});
afterAll(async () => {
  await archive.close();
});

const asalae = () =>
  new AsalaeClient({
    baseUrl: archive.asalaeUrl,
    login: DEMO_ASALAE_LOGIN,
    password: DEMO_ASALAE_PASSWORD,
    http: { idleTimeoutMs: 5000 },
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finalReply(c: AsalaeClient, ref: TransferRef): Promise<Exclude<ReplyOutcome, { state: 'pending' }>> {
  const end = Date.now() + 15_000;
  for (;;) {
    const r = await c.reply(ref);
    if (r.state !== 'pending') return r;
    if (Date.now() > end) throw new Error('no final reply');
    await sleep(100);
  }
}

describe('as@lae as it really behaves', () => {
  test('fact 9 — a 5 MiB act goes in pieces of at most 2,097,152 bytes, threshold = piece size; accepted', async () => {
    const c = asalae();
    const t = await makeTransfer(dir, 'asalae', {
      files: [{ name: 'plan-local-urbanisme.pdf', data: randomBytes(5 * 1024 * 1024) }],
    });
    expect(t.totalBytes).toBeGreaterThan(5 * 1024 * 1024);
    const before = archive.stats().chunksReceived;
    const progress: number[] = [];
    await c.send(t, { onProgress: (sent) => progress.push(sent) });
    const pieces = archive.stats().chunksReceived - before;
    expect(pieces).toBe(Math.ceil(t.totalBytes / 2_097_152));
    expect(archive.stats().largestChunk).toBeLessThanOrEqual(2_097_152);
    expect(progress.at(-1)).toBe(t.totalBytes);
    const r = await finalReply(c, t);
    expect(r).toMatchObject({ state: 'accepted', replyCode: '000' });
    expect(archive.stats().accepted).toContain(t.messageIdentifier);
  }, 30_000);

  test('fact 10 — a refusal reads « code : meaning » plus the archive’s detail, never our echoed Comment', async () => {
    const c = asalae();
    const t = await makeTransfer(dir, 'asalae', { agreement: 'ACCORD-INCONNU' });
    await c.send(t);
    const r = await finalReply(c, t);
    // as@lae echoes the bordereau's Comment in its reply (Pastell fixture ATR-SEDA-2.1.xml).
    expect(parseArchiveTransferReply(r.xml).comment).toBe('Versement de test');
    expect(r).toMatchObject({ state: 'rejected', replyCode: '300' });
    expect(r.comment).toBe(
      'Archive refusée — code de retour 300 : Convention invalide. Détail de l’archive : Accord de versement inconnu : « ACCORD-INCONNU ».',
    );
    expect(r.comment).not.toContain('Versement de test');
    // Codes keep their SEDA meaning: 211 is a missing attached file, 207 invalid digests.
    const missing = await makeTransfer(dir, 'asalae', { omitFile: true });
    await c.send(missing);
    const rm = await finalReply(c, missing);
    expect(rm).toMatchObject({ state: 'rejected', replyCode: '211' });
    expect(rm.comment).toMatch(
      /^Archive refusée — code de retour 211 : Pièce attachée absente\. Détail de l’archive : Pièce absente/,
    );
    // An acceptance is not told with our own Comment either.
    const ok = await makeTransfer(dir, 'asalae');
    await c.send(ok);
    expect((await finalReply(c, ok)).comment).toBe('Transfert accepté par l’archive.');
  });

  test('fact 11 — the ACK’s Sender is the transferring agency; the reply carries GrantDate, the acceptance date', async () => {
    const c = asalae();
    const t = await makeTransfer(dir, 'asalae');
    await c.send(t);
    let ack = await c.acknowledgement(t);
    for (let i = 0; ack.state === 'pending' && i < 100; i++) {
      await sleep(100);
      ack = await c.acknowledgement(t);
    }
    expect(ack.state).toBe('received');
    if (ack.state !== 'received') return;
    const root = parseXml(ack.xml);
    expect(childText(child(root, 'Sender'), 'Identifier')).toBe(DEMO_TRANSFERRING_AGENCY);
    expect(childText(child(root, 'Receiver'), 'Identifier')).toBe(DEMO_ARCHIVAL_AGENCY);
    expect(parseAcknowledgement(ack.xml).comment).toBe('Versement de test');
    const r = await finalReply(c, t);
    const atr = parseArchiveTransferReply(r.xml);
    expect(atr.grantDate).toBeDefined();
    expect(atr.grantDate).not.toBe(atr.date);
    expect(r.date).toBe(atr.grantDate);
  });
});
