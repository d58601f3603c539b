// « Verser » on many acts (app/deposit-plan.ts), against real SQLite, real seals and the real
// journal: a profile that lets several acts share a versement gets transfers of at most 50
// acts, planned at once; one whose archive checks a SEDA profile keeps one transfer per act.
// Every queued document has one journal entry naming its transfer and MessageIdentifier, in
// order (act, then its annexes), and one `document.state` event, sent after the commit. What
// cannot go is reported as before; planning again adds nothing.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DepositService } from '../../../main/core/app/deposit';
import { CaptureService } from '../../../main/core/capture/service';
import type { CoreEvent } from '../../../main/core/events';
import { EventBus } from '../../../main/core/events';
import { Journal } from '../../../main/core/seal/journal';
import { verifyJournal } from '../../../main/core/seal/verify';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { TransferRepository } from '../../../main/core/store/transfers';
import { pdf } from '../../tools/pdf';

const dir = mkdtempSync(join(tmpdir(), 'sceau-deposit-plan-'));
const vaultDir = join(dir, 'vault');
let db: Db;
let bus: EventBus;
let deposit: DepositService;
let documents: DocumentRepository;
let transfers: TransferRepository;
const ids: Record<'merging' | 'oneByOne' | 'folder', string[]> = { merging: [], oneByOne: [], folder: [] };
let incomplete = '';

const old = new Date(Date.now() - 60_000);
function drop(name: string, files: Record<string, Buffer>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    writeFileSync(join(folder, file), bytes);
    utimesSync(join(folder, file), old, old);
  }
  return folder;
}

function acts(n: number, prefix: string, withAnnexEvery = 0): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < n; i++) {
    const act = `${prefix}_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`;
    files[act] = pdf(`${prefix} acte ${i}`);
    if (withAnnexEvery && i % withAnnexEvery === 0) {
      files[`${prefix}_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1)_annexe 1.pdf`] = pdf(
        `${prefix} annexe ${i}`,
      );
      files[`${act}.p7s`] = Buffer.from(`signature ${prefix} ${i}`);
    }
  }
  return files;
}

beforeAll(async () => {
  db = openDatabase(join(dir, 'sceau.db'));
  bus = new EventBus();
  const profiles = new ProfileRepository(db);
  const merging = profiles.create({ name: 'Commune A', archiveKind: 'asalae', siren: '212900351' });
  // A SEDA profile may describe exactly one act: this profile's acts never share a transfer.
  const oneByOne = profiles.create({
    name: 'Commune B',
    archiveKind: 'asalae',
    siren: '212901956',
    archivalProfile: 'PROFIL-DELIBERATION',
  });
  documents = new DocumentRepository(db);
  transfers = new TransferRepository(db);
  const capture = new CaptureService({ db, vaultDir, bus, settings: { stabilityDelayMs: 0 } });
  const a = await capture.intake(
    merging.id,
    [drop('A', { ...acts(55, 'DE', 5), 'note de service sans numéro.pdf': pdf('note') })],
    'drop',
  );
  const b = await capture.intake(oneByOne.id, [drop('B', acts(3, 'AR'))], 'drop');
  // A folder deposited as one versement: an act with its annex, and files no rule reads.
  const c = await capture.intake(
    merging.id,
    [
      drop('Marché 2024', {
        ...acts(1, 'MA', 1),
        'Offres/offre entreprise 1.pdf': pdf('offre 1'),
        'Offres/offre entreprise 2.pdf': pdf('offre 2'),
      }),
    ],
    'drop',
  );
  ids.folder = c.documentIds;
  await capture.stop();
  ids.merging = a.documentIds;
  ids.oneByOne = b.documentIds;
  incomplete = a.documentIds.find((id) => documents.get(id)!.state === 'needs_metadata')!;
  deposit = new DepositService({
    db,
    journal: new Journal(db),
    bus,
    profiles,
    documents,
    transfers,
    stagingDir: join(dir, 'staging'),
    vaultDir,
  });
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('deposit plan of many acts', () => {
  it('merges a profile’s acts by 50, keeps one per act where a SEDA profile applies, one entry and one event per document', async () => {
    expect(ids.merging).toHaveLength(55 + 22 + 1);
    expect(incomplete).toBeTruthy();
    const seen: Array<{ e: CoreEvent; state: string | undefined }> = [];
    const off = bus.on((e) => seen.push({ e, state: documents.get((e as { documentId: string }).documentId)?.state }));
    const seqBefore = (db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;

    const plan = deposit.plan([...ids.merging, ...ids.oneByOne, 'inconnu']);
    off();

    expect(plan.problems).toEqual([
      { id: 'inconnu', message: 'Document introuvable.' },
      {
        id: incomplete,
        message: '« note de service sans numéro.pdf » : des informations sont à compléter avant le versement.',
      },
    ]);
    const queuedIds = [...ids.merging.filter((id) => id !== incomplete), ...ids.oneByOne];
    expect(plan.queuedDocuments).toBe(queuedIds.length);

    const planned = plan.transferIds.map((id) => transfers.get(id)!);
    const actsOf = (t: string) => documents.list({ transferId: t }, { limit: 1000 }).items.filter((d) => !d.parentId);
    const membersOf = (t: string) => documents.list({ transferId: t }, { limit: 1000 }).items;
    const byProfile = (profileId: string) => planned.filter((t) => t.profileId === profileId);
    const [a, b] = [documents.get(ids.merging[0]!)!.profileId, documents.get(ids.oneByOne[0]!)!.profileId];
    expect(byProfile(a).map((t) => actsOf(t.id).length)).toEqual([50, 5]);
    expect(byProfile(b).map((t) => actsOf(t.id).length)).toEqual([1, 1, 1]);
    for (const t of planned) {
      expect(t).toMatchObject({ state: 'queued', attempts: 0, kind: 'act', operationId: null });
      expect(t.totalBytes).toBe(membersOf(t.id).reduce((s, d) => s + d.size, 0));
    }
    expect(new Set(planned.map((t) => t.messageIdentifier)).size).toBe(planned.length);
    for (const id of queuedIds) expect(documents.get(id)).toMatchObject({ state: 'queued', reason: null });
    expect(documents.get(incomplete)).toMatchObject({ state: 'needs_metadata', transferId: null });

    // One entry per queued document, in order: each act followed by its annexes and signature.
    const entries = db
      .prepare('SELECT document_id AS d, type, data FROM journal WHERE seq > ? ORDER BY seq')
      .all(seqBefore) as Array<{ d: string; type: string; data: string }>;
    expect(entries.map((e) => e.d).sort()).toEqual([...queuedIds].sort());
    let currentAct = '';
    for (const e of entries) {
      const doc = documents.get(e.d)!;
      const t = transfers.get(doc.transferId!)!;
      expect(e.type).toBe('state');
      expect(JSON.parse(e.data)).toEqual({
        from: 'ready',
        to: 'queued',
        transferId: t.id,
        messageIdentifier: t.messageIdentifier,
      });
      if (!doc.parentId) currentAct = doc.id;
      else expect(doc.parentId).toBe(currentAct);
    }

    // One event per document, sent after the commit (the row already says « en file »).
    expect(seen.map((s) => s.e.type)).toEqual(queuedIds.map(() => 'document.state'));
    expect(seen.map((s) => (s.e as { documentId: string }).documentId)).toEqual(entries.map((e) => e.d));
    for (const s of seen) {
      expect(s.e).toMatchObject({ from: 'ready', to: 'queued' });
      expect(s.state).toBe('queued');
    }
    expect((await verifyJournal(db, vaultDir)).ok).toBe(true);

    // Again: already queued, nothing new, no complaint about them.
    const count = (db.prepare('SELECT count(*) AS n FROM transfers').get() as { n: number }).n;
    const again = deposit.plan(queuedIds);
    expect(again).toEqual({ transferIds: [], queuedDocuments: 0, problems: [] });
    expect((db.prepare('SELECT count(*) AS n FROM transfers').get() as { n: number }).n).toBe(count);
  });

  it('a folder as one versement: one transfer, every file « en file » from « prêt » or « à compléter », all or nothing', async () => {
    const states = ids.folder.map((id) => documents.get(id)!.state).sort();
    expect(states).toEqual(['needs_metadata', 'needs_metadata', 'needs_metadata', 'ready', 'ready']);
    const footprint = () => ({
      transfers: (db.prepare('SELECT count(*) AS n FROM transfers').get() as { n: number }).n,
      journal: (db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n,
    });
    const before = footprint();

    // Another commune's document, or one already queued: refused, nothing written.
    const mixed = deposit.planFolder([...ids.folder, ids.oneByOne[0]!], 'Marché 2024');
    expect(mixed.transferIds).toEqual([]);
    expect(mixed.problems).toEqual([
      {
        id: expect.any(String),
        message: 'Un dossier versé d’un seul tenant doit contenir des documents d’une seule commune.',
      },
    ]);
    const queuedAct = ids.merging.find((id) => documents.get(id)!.state === 'queued' && !documents.get(id)!.parentId)!;
    const blocked = deposit.planFolder([...ids.folder, queuedAct], 'Marché 2024');
    expect(blocked.transferIds).toEqual([]);
    expect(blocked.problems.map((p) => p.message)).toContain(
      `« ${documents.get(queuedAct)!.fileName} » n’est pas prêt à être versé.`,
    );
    expect(footprint()).toEqual(before);

    const seen: CoreEvent[] = [];
    const off = bus.on((e) => seen.push(e));
    const plan = deposit.planFolder(ids.folder, 'Marché 2024');
    off();
    expect(plan).toMatchObject({ queuedDocuments: 5, problems: [] });
    const t = transfers.get(plan.transferIds[0]!)!;
    expect(t).toMatchObject({ kind: 'folder', title: 'Marché 2024', state: 'queued', attempts: 0 });
    expect(t.totalBytes).toBe(ids.folder.reduce((s, id) => s + documents.get(id)!.size, 0));
    for (const id of ids.folder) expect(documents.get(id)).toMatchObject({ state: 'queued', transferId: t.id });
    const entries = db
      .prepare('SELECT document_id AS d, data FROM journal WHERE seq > ? ORDER BY seq')
      .all(before.journal) as Array<{ d: string; data: string }>;
    expect(entries.map((e) => e.d).sort()).toEqual([...ids.folder].sort());
    for (const e of entries)
      expect(JSON.parse(e.data)).toMatchObject({
        to: 'queued',
        transferId: t.id,
        messageIdentifier: t.messageIdentifier,
        folder: 'Marché 2024',
      });
    expect(seen.map((e) => (e as { documentId: string }).documentId)).toEqual(entries.map((e) => e.d));
    expect((await verifyJournal(db, vaultDir)).ok).toBe(true);
  });
});
