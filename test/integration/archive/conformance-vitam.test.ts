// Conformance with the real Vitam (ProgrammeVitam/vitam 7.0.1; sources cited in
// docs/architecture.md § "Real archives"): one test per fact, against the faithful reference
// archive. Each of them failed with the client as it was before these facts were known.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  ArchiveError,
  type ReplyOutcome,
  type ResumeState,
  type TransferRef,
} from '../../../main/core/archive/connector';
import { VitamClient, type VitamClientOptions } from '../../../main/core/archive/vitam-client';
import { ROOT_UNIT_ID } from '../../../main/core/seda/builder';
import { parseArchiveTransferReply } from '../../../main/core/seda/replies';
import { validateSeda } from '../../../main/core/seda/xsd';
import { DEMO_VITAM_ACCESS_CONTRACT } from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { startFaultProxy, type FaultProxy } from '../../tools/fault-proxy';
import { makeTransfer } from '../../tools/seda-package';
import { makeHarness, type SyncHarness } from '../sync/harness';

let archive: DemoArchive;
let dir: string;
// Real Vitam: the header check runs some time after the 202, completed operations leave the
// process list after 1 h. Here: 300 ms, then 600 ms to complete, purged 800 ms later.
const PENDING = 600;
const HEADER_CHECK = 300;
const CLEAN = 800;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-vitam-conf-'));
  archive = await startDemoArchive({
    dataDir: path.join(dir, 'archive'),
    pendingMs: PENDING,
    vitamHeaderCheckMs: HEADER_CHECK,
    vitamCleanPeriodMs: CLEAN,
  });
});
afterAll(async () => {
  await archive.close();
});

const vitam = (extra: Partial<VitamClientOptions> = {}) =>
  new VitamClient({
    baseUrl: archive.vitamUrl,
    tenant: 0,
    accessContractId: DEMO_VITAM_ACCESS_CONTRACT,
    lookupGraceMs: 5_000,
    http: { idleTimeoutMs: 3000 },
    ...extra,
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function finalReply(
  c: VitamClient,
  ref: TransferRef,
  ms = 8000,
): Promise<Exclude<ReplyOutcome, { state: 'pending' }>> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await c.reply(ref);
    if (r.state !== 'pending') return r;
    if (Date.now() > end) throw new Error('no final reply');
    await sleep(60);
  }
}

async function rejectsWith(p: Promise<unknown>): Promise<ArchiveError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected an ArchiveError');
}

describe('Vitam as it really behaves', () => {
  let h: SyncHarness | null = null;
  let proxy: FaultProxy | null = null;
  afterEach(async () => {
    await h?.close();
    await proxy?.close();
    h = proxy = null;
  });

  test('fact 1 — a lost 202, then grace and lookup: never two archived copies, never resent', async () => {
    // IngestExternalImpl answers 202 once the SIP is stored; obIdIn is written at the header
    // check, later; no duplicate refusal exists. A blind lookup right after the lost answer
    // finds nothing, and a resend archives the act twice.
    h = await makeHarness({ kind: 'vitam', archive: false });
    proxy = await startFaultProxy({ target: archive.url });
    proxy.plan({ match: /^POST \/ingest-external\/v1\/ingests/, fault: { kind: 'lostAnswer' } });
    h.endpoints.vitam = [proxy.url];
    h.settings = {
      ...h.settings,
      retry: { baseMs: 20, maxMs: 150, minMs: 5 },
      tracking: { initialMs: 40, maxMs: 200, vitamMinMs: 40, warnAfterMs: 60_000 },
    };
    const before = archive.stats();
    const t = await h.addTransfer('vitam');
    const engine = h.engine();
    engine.start();
    const [r] = await h.waitStates([t.id], ['accepted', 'rejected'], 20_000);
    expect(r).toMatchObject({ state: 'accepted', attempts: 1 });
    const after = archive.stats();
    expect(after.accepted.filter((id) => id === t.messageIdentifier)).toHaveLength(1);
    expect(after.duplicatesArchived).toBe(before.duplicatesArchived);
    expect(proxy.log.some((l) => l.endsWith('lostAnswer'))).toBe(true);
  });

  test('fact 2 — an operation purged from the process list (HEAD 204) still has its reply', async () => {
    const c = vitam();
    const t = await makeTransfer(dir, 'vitam');
    const { operationId } = await c.send(t);
    const ref = { ...t, ...(operationId ? { operationId } : {}) };
    const head = async () =>
      (
        await fetch(`${archive.vitamUrl}/admin-external/v1/operations/${operationId}`, {
          method: 'HEAD',
          headers: { 'X-Tenant-Id': '0' },
        })
      ).status;
    const end = Date.now() + 10_000;
    while ((await head()) !== 204 && Date.now() < end) await sleep(100);
    expect(await head()).toBe(204);
    expect((await c.acknowledgement(ref)).state).toBe('received');
    const r = await finalReply(c, ref, 2000);
    expect(r).toMatchObject({ state: 'accepted', replyCode: 'OK' });
  });

  test('fact 3 — a manifest Vitam could not read: empty or « Unknown » request id, reason from the events', async () => {
    const c = vitam();
    // XSD-invalid manifest: TransferNotificationActionHandler leaves MessageRequestIdentifier empty.
    const bad = await makeTransfer(dir, 'vitam', { breakSchema: true });
    const sent = await c.send(bad);
    const r = await finalReply(c, { ...bad, ...sent });
    expect(parseArchiveTransferReply(r.xml).messageRequestIdentifier).toBe('');
    expect(r.state).toBe('rejected');
    expect(r.comment).toMatch(/^Vitam a refusé le versement \(KO\) : .*non conforme au schéma SEDA/);
    expect(r.comment).not.toContain('Versement de test'); // the bordereau's Comment is no reason
    expect((await validateSeda(r.xml, '2.1')).valid).toBe(true);

    // Not even a package: ingest-external's default KO reply (ATR_KO_DEFAULT.xml) says « Unknown ».
    const garbage = await makeTransfer(dir, 'vitam');
    await writeFile(garbage.sipPath ?? '', 'ceci n’est pas un zip');
    const g = await c.send({ ...garbage, totalBytes: Buffer.byteLength('ceci n’est pas un zip') });
    const rg = await finalReply(c, { ...garbage, ...g });
    expect(parseArchiveTransferReply(rg.xml).messageRequestIdentifier).toBe('Unknown');
    expect(rg).toMatchObject({ state: 'rejected', replyCode: 'KO' });
    expect(rg.comment).toMatch(/format d'archive non reconnu/);
  });

  test('fact 4 — the logbook needs an access contract and a permission; never told as a bad certificate', async () => {
    const t = await makeTransfer(dir, 'vitam');
    const noContract = await rejectsWith(vitam({ accessContractId: '' }).lookup(t));
    expect(noContract.code).toBe('auth');
    expect(noContract.message).toMatch(/contrat d’accès/);
    expect(noContract.message).not.toMatch(/certificat client/);

    const wrong = await rejectsWith(vitam({ accessContractId: 'CONTRAT-INCONNU' }).lookup(t));
    expect(wrong).toMatchObject({ code: 'auth', httpStatus: 401 });
    expect(wrong.message).toMatch(/contrat d’accès « CONTRAT-INCONNU »/);
    expect(wrong.message).not.toMatch(/refusé ce certificat/);

    const noRight = await startDemoArchive({
      dataDir: path.join(dir, 'archive-no-logbook'),
      pendingMs: PENDING,
      vitamLogbookPermission: false,
    });
    try {
      const e = await rejectsWith(vitam({ baseUrl: noRight.vitamUrl }).lookup(t));
      expect(e).toMatchObject({ code: 'auth', httpStatus: 403 });
      expect(e.message).toMatch(/logbookoperations:read/);
      expect(e.message).not.toMatch(/refusé ce certificat/);
    } finally {
      await noRight.close();
    }
  });

  test('fact 5 — an unknown management rule refuses the whole ingest; Vitam’s reason shown in French', async () => {
    const c = vitam();
    const t = await makeTransfer(dir, 'vitam', { accessRule: 'AR999' });
    const sent = await c.send(t);
    const r = await finalReply(c, { ...t, ...sent });
    expect(r.state).toBe('rejected');
    const atr = parseArchiveTransferReply(r.xml);
    expect(atr.events?.some((e) => e.outcomeDetail === 'UNITS_RULES_COMPUTE.UNKNOWN.KO')).toBe(true);
    expect(r.comment).toMatch(/règle de gestion inconnue/);
    expect(r.comment).toMatch(/AR999/);
    expect(r.comment).not.toMatch(/Detail=/);
    // A code of the tenant's referential passes.
    const ok = await makeTransfer(dir, 'vitam', {
      accessRule: 'AR062',
      appraisal: { rule: 'APP-00002', finalAction: 'Keep', startDate: '2026-03-12' },
    });
    const s2 = await c.send(ok);
    expect((await finalReply(c, { ...ok, ...s2 })).state).toBe('accepted');
  });

  test('fact 6 — BLANK_TEST is a dry run: « Test OK » / « Test KO », nothing archived, and no lookup finds it', async () => {
    const dry = vitam({ dryRun: true });
    const before = archive.stats();
    const t = await makeTransfer(dir, 'vitam');
    const sent = await dry.send(t);
    const r = await finalReply(dry, { ...t, ...sent });
    expect(r).toMatchObject({ state: 'accepted', replyCode: 'Test OK', dryRun: true });
    expect(r.comment).toMatch(/Rien n’a été archivé/);
    expect(archive.stats().accepted).toEqual(before.accepted);
    expect(archive.stats().dryRuns).toBe(before.dryRuns + 1);
    // The real deposit of the same act later is not mistaken for already received.
    expect(await vitam().lookup(t)).toEqual({ received: false });

    const bad = await makeTransfer(dir, 'vitam', { accessRule: 'AR999' });
    const s2 = await dry.send(bad);
    const rk = await finalReply(dry, { ...bad, ...s2 });
    expect(rk).toMatchObject({ state: 'rejected', replyCode: 'Test KO', dryRun: true });
    expect(rk.comment).toMatch(/règle de gestion inconnue/);
    // A profile left in BLANK_TEST by mistake: a « Test OK » never counts as archived.
    const normal = vitam();
    expect((await normal.reply({ ...t, ...sent })).state).toBe('rejected');
  });

  test('fact 7 — OPTIONS is unsecured: the connection test checks certificate and tenant for real', async () => {
    const opt = await fetch(`${archive.vitamUrl}/ingest-external/v1/`, {
      method: 'OPTIONS',
      headers: { 'X-Tenant-Id': '42' },
    });
    expect(opt.status).toBe(200);
    const check = await vitam({ tenant: 42 }).check();
    expect(check).toMatchObject({ reachable: true, authenticated: false });
    expect(check.message).toMatch(/certificat client ou ce contexte/);
    expect(await vitam().check()).toMatchObject({ reachable: true, authenticated: true });
  });

  test('fact 8 — units come back in any order: the reference is the SystemId of our root unit', async () => {
    const c = vitam();
    const t = await makeTransfer(dir, 'vitam', {
      files: [
        { name: 'acte.pdf', data: Buffer.from('%PDF-1.4 acte\n') },
        { name: 'annexe.pdf', data: Buffer.from('%PDF-1.4 annexe\n') },
      ],
    });
    const sent = await c.send(t);
    const r = await finalReply(c, { ...t, ...sent });
    expect(r.state).toBe('accepted');
    const units = parseArchiveTransferReply(r.xml).units ?? [];
    expect(units.length).toBeGreaterThan(2);
    expect(units[0]?.id).not.toBe(ROOT_UNIT_ID);
    expect(r.archiveReference).toBe(units.find((u) => u.id === ROOT_UNIT_ID)?.systemId);
  });
});

test('the lookup waits for the logbook after a lost answer, then finds the operation', async () => {
  const proxy = await startFaultProxy({ target: archive.url });
  try {
    proxy.plan({ match: /ingests$/, fault: { kind: 'lostAnswer' } });
    const c = new VitamClient({
      baseUrl: proxy.url,
      tenant: 0,
      accessContractId: DEMO_VITAM_ACCESS_CONTRACT,
      lookupGraceMs: 10_000,
    });
    const t = await makeTransfer(dir, 'vitam');
    let state: ResumeState = {};
    await rejectsWith(c.send(t, { onResumeState: (s) => (state = s) }));
    const ref = { ...t, ...(state.bodySentAt ? { bodySentAt: state.bodySentAt } : {}) };
    const early = await rejectsWith(c.lookup(ref));
    expect(early).toMatchObject({ code: 'server', retryable: true, outcomeUnknown: true });
    expect(early.message).toMatch(/pas encore inscrit/);
    // Once the header check ran (its XSD check first: slower on a loaded machine), it is found.
    const end = Date.now() + 10_000;
    let found = false;
    while (!found && Date.now() < end) {
      found = (await c.lookup(ref).catch(() => ({ received: false }))).received;
      if (!found) await sleep(100);
    }
    expect(found).toBe(true);
  } finally {
    await proxy.close();
  }
});
