// A versement holds EVERY document that carries its transfer_id (the sync engine moves all of
// them to « envoyé »): 50 acts × 21 annexes and signatures once gave one transfer of 1,100
// documents whose bordereau listed only 1,000 (prepare read a page capped at 1,000), so 100
// files would have been reported archived without ever being sent. Real SQLite, real seals,
// real packages: merged versements stop at BATCH_MAX_DOCUMENTS documents (the plan's merge and
// the first-send merge), a folder deposit packages all its files, and prepare refuses — nothing
// built, nothing changed — when what it packaged is not every document of the transfer.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX_DOCUMENTS, depositBatching } from '../../../main/core/app/deposit-batching';
import { DepositService } from '../../../main/core/app/deposit';
import { CaptureService } from '../../../main/core/capture/service';
import { EventBus } from '../../../main/core/events';
import { Journal } from '../../../main/core/seal/journal';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { DocumentRepository, type DocumentRecord } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { SqliteSyncQueue } from '../../../main/core/store/sync-queue';
import { TransferRepository } from '../../../main/core/store/transfers';
import { Batcher } from '../../../main/core/sync/batching';
import { pdf } from '../../tools/pdf';

const dir = mkdtempSync(join(tmpdir(), 'sceau-deposit-cap-'));
const vaultDir = join(dir, 'vault');
let db: Db;
let bus: EventBus;
let journal: Journal;
let profiles: ProfileRepository;
let deposit: DepositService;
let documents: DocumentRepository;
let transfers: TransferRepository;
const ids: Record<'plan' | 'firstSend' | 'folder' | 'chunked', string[]> = {
  plan: [],
  firstSend: [],
  folder: [],
  chunked: [],
};
/** Transfers of the first test, their packages built. */
let packagedTransfers: string[] = [];

const old = new Date(Date.now() - 60_000);
function drop(name: string, files: Record<string, Buffer>): string {
  const folder = join(dir, name);
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(join(folder, file, '..'), { recursive: true });
    writeFileSync(join(folder, file), bytes);
    utimesSync(join(folder, file), old, old);
  }
  return folder;
}

/** `n` acts, each with 20 annexes and a signature: 22 documents per act. */
function heavyActs(n: number, prefix: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < n; i++) {
    const act = `${prefix}_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`;
    files[act] = pdf(`${prefix} acte ${i}`);
    for (let k = 1; k <= 20; k++)
      files[`${prefix}_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1)_annexe ${k}.pdf`] = pdf(
        `${prefix} annexe ${i}.${k}`,
      );
    files[`${act}.p7s`] = Buffer.from(`signature ${prefix} ${i}`);
  }
  return files;
}

const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
const carrying = (transferId: string) => count('SELECT count(*) AS n FROM documents WHERE transfer_id = ?', transferId);
const binaryObjects = (bordereau: string) =>
  (readFileSync(bordereau, 'utf8').match(/<BinaryDataObject\b/g) ?? []).length;

function service(documentsRepo: DocumentRepository, planChunk?: number): DepositService {
  return new DepositService({
    ...(planChunk ? { planChunk } : {}),
    db,
    journal,
    bus,
    profiles,
    documents: documentsRepo,
    transfers,
    stagingDir: join(dir, 'staging'),
    vaultDir,
  });
}

beforeAll(async () => {
  db = openDatabase(join(dir, 'sceau.db'));
  bus = new EventBus();
  journal = new Journal(db);
  profiles = new ProfileRepository(db);
  const commune = profiles.create({
    name: 'Commune A',
    archiveKind: 'asalae',
    siren: '212900351',
    archivalAgreement: 'ACCORD-DELIB',
    archivalAgencyId: 'AD-29',
    transferringAgencyId: 'COMMUNE-A',
  });
  documents = new DocumentRepository(db);
  transfers = new TransferRepository(db);
  const capture = new CaptureService({ db, vaultDir, bus, settings: { stabilityDelayMs: 0 } });
  ids.plan = (await capture.intake(commune.id, [drop('plan', heavyActs(50, 'DE'))], 'drop')).documentIds;
  ids.firstSend = (await capture.intake(commune.id, [drop('first', heavyActs(50, 'AR'))], 'drop')).documentIds;
  const folder: Record<string, Buffer> = {};
  for (let i = 0; i < 1005; i++) folder[`Pièces/lot ${i % 7}/pièce ${i}.pdf`] = pdf(`pièce ${i}`);
  const small: Record<string, Buffer> = {};
  for (let i = 0; i < 12; i++) {
    const act = `DE_2025_${String(90000 + i)}_2025-03-14_budget (7.1).pdf`;
    small[act] = pdf(`CH acte ${i}`);
    small[`DE_2025_${String(90000 + i)}_2025-03-14_budget (7.1)_annexe 1.pdf`] = pdf(`CH annexe ${i}`);
    small[`${act}.p7s`] = Buffer.from(`signature CH ${i}`);
  }
  ids.chunked = (await capture.intake(commune.id, [drop('chunked', small)], 'drop')).documentIds;
  ids.folder = (await capture.intake(commune.id, [drop('Marché 2024', folder)], 'drop')).documentIds;
  await capture.stop();
  deposit = service(documents);
}, 600_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every document of a versement is in its package', () => {
  it('50 acts × 21 annexes and signatures: versements of at most BATCH_MAX_DOCUMENTS documents, each packaged whole', async () => {
    expect(ids.plan).toHaveLength(50 * 22);
    for (const id of ids.plan) expect(documents.get(id)!.state).toBe('ready');
    const plan = deposit.plan(ids.plan.filter((id) => !documents.get(id)!.parentId));
    expect(plan.problems).toEqual([]);
    expect(plan.queuedDocuments).toBe(1100);
    expect(plan.transferIds.length).toBeGreaterThan(1);
    let packaged = 0;
    for (const t of plan.transferIds) {
      const n = carrying(t);
      expect(n).toBeLessThanOrEqual(BATCH_MAX_DOCUMENTS);
      const prepared = await deposit.prepare(t);
      // The checkpoint object is absent here (no `checkpoint` dependency): one object per document.
      expect(binaryObjects(prepared.bordereauPath)).toBe(n);
      packaged += n;
    }
    expect(packaged).toBe(1100);
    packagedTransfers = plan.transferIds;
  }, 300_000);

  it('the first-send merge stops at BATCH_MAX_DOCUMENTS documents too, and the merged package holds them all', async () => {
    const actIds = ids.firstSend.filter((id) => !documents.get(id)!.parentId);
    expect(actIds).toHaveLength(50);
    // Queued one act at a time (as the watcher does): 50 transfers the sync engine may merge.
    const seeds = actIds.map((id) => deposit.plan([id]).transferIds[0]!);
    expect(new Set(seeds).size).toBe(50);
    const batcher = new Batcher({
      store: new SqliteSyncQueue(db),
      options: depositBatching({ db, journal, transfers, profiles }),
      clock: { now: () => Date.now() },
      bus,
    });
    const merged = new Set<string>();
    const into = batcher.gather(seeds[0]!, () => false, merged);
    expect(into).not.toBe(seeds[0]);
    const n = carrying(into);
    expect(n).toBeGreaterThan(22);
    expect(n).toBeLessThanOrEqual(BATCH_MAX_DOCUMENTS);
    expect(n % 22).toBe(0); // never an act without its annexes
    const prepared = await deposit.prepare(into);
    expect(binaryObjects(prepared.bordereauPath)).toBe(n);
  }, 300_000);

  it('a folder of 1,005 files: one versement, every file in its package', async () => {
    expect(ids.folder).toHaveLength(1005);
    const plan = deposit.planFolder(ids.folder, 'Marché 2024');
    expect(plan.problems).toEqual([]);
    expect(plan.transferIds).toHaveLength(1);
    const t = plan.transferIds[0]!;
    expect(carrying(t)).toBe(1005);
    const prepared = await deposit.prepare(t);
    expect(binaryObjects(prepared.bordereauPath)).toBe(1005);
  }, 300_000);

  it('refuses to build a package that would leave a document of the transfer out: nothing built, nothing changed', async () => {
    const t = deposit.plan(ids.firstSend.filter((id) => !documents.get(id)!.parentId)).transferIds;
    // Every act above is already queued; take one transfer of the first-send test and forget its package.
    const victim = (
      db.prepare("SELECT id FROM transfers WHERE state = 'queued' AND bordereau_path IS NULL LIMIT 1").get() as
        { id: string } | undefined
    )?.id;
    expect(t).toEqual([]);
    expect(victim).toBeTruthy();
    // A reader that silently drops a document (as the capped page did).
    class Lossy extends DocumentRepository {
      override ofTransfer(transferId: string): DocumentRecord[] {
        return super.ofTransfer(transferId).slice(1);
      }
    }
    const before = transfers.get(victim!)!;
    const states = db.prepare('SELECT id, state FROM documents WHERE transfer_id = ? ORDER BY id').all(victim);
    const lossy = service(new Lossy(db));
    await expect(lossy.prepare(victim!)).rejects.toThrow(
      `Le paquet de ce versement ne contiendrait que ${carrying(victim!) - 1} documents sur ${carrying(victim!)} : il n’est pas construit, rien n’est envoyé.`,
    );
    expect(transfers.get(victim!)).toEqual(before);
    expect(db.prepare('SELECT id, state FROM documents WHERE transfer_id = ? ORDER BY id').all(victim)).toEqual(states);
    expect(existsSync(join(dir, 'staging', before.messageIdentifier))).toBe(false);
  }, 120_000);

  it('a package built short by an earlier version is never resent', async () => {
    const [built] = packagedTransfers;
    const n = carrying(built!);
    // A document of another never-sent transfer now carries this one's transfer_id.
    const stray = db
      .prepare(
        "SELECT d.id, d.transfer_id AS t FROM documents d JOIN transfers t ON t.id = d.transfer_id WHERE t.state = 'queued' AND t.bordereau_path IS NULL LIMIT 1",
      )
      .get() as { id: string; t: string };
    db.prepare('UPDATE documents SET transfer_id = ? WHERE id = ?').run(built, stray.id);
    const before = transfers.get(built!)!;
    await expect(deposit.prepare(built!)).rejects.toThrow(
      `Le paquet déjà construit pour ce versement ne contient que ${n} documents sur ${n + 1} : rien n’est envoyé.`,
    );
    expect(transfers.get(built!)).toEqual(before);
    db.prepare('UPDATE documents SET transfer_id = ? WHERE id = ?').run(stray.t, stray.id);
    expect(binaryObjects((await deposit.prepare(built!)).bordereauPath)).toBe(n);
  });
});

describe('a large selection is planned by chunks', () => {
  it('each chunk its own transaction; every act goes with its annexes whichever chunk names them', () => {
    expect(ids.chunked).toHaveLength(36);
    const annexesFirst = [
      ...ids.chunked.filter((id) => documents.get(id)!.parentId),
      ...ids.chunked.filter((id) => !documents.get(id)!.parentId),
    ];
    const seqBefore = count('SELECT max(seq) AS n FROM journal');
    const plan = service(documents, 5).plan(annexesFirst);
    expect(plan.problems).toEqual([]);
    expect(plan.queuedDocuments).toBe(36);
    // In one transaction the 12 acts would share one versement: the chunks made several.
    expect(plan.transferIds.length).toBeGreaterThan(1);
    for (const id of ids.chunked) {
      const doc = documents.get(id)!;
      expect(doc.state).toBe('queued');
      if (doc.parentId) expect(doc.transferId).toBe(documents.get(doc.parentId)!.transferId);
    }
    expect(count('SELECT count(*) AS n FROM journal WHERE seq > ?', seqBefore)).toBe(36);
    expect(service(documents, 5).plan(ids.chunked)).toEqual({ transferIds: [], queuedDocuments: 0, problems: [] });
  });
});
