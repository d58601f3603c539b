// Several never-sent act transfers leave as one (main/core/sync/batching.ts): exactly once
// must hold — a transfer that may have reached the archive is never merged, and a crash
// (SIGKILL) between the merge and the first send leaves each act in exactly one transfer,
// which the next engine sends once.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { SqliteSyncQueue } from '../../../main/core/store/sync-queue';
import type { TransferRecord } from '../../../main/core/store/transfers';
import { Batcher, type BatchOptions } from '../../../main/core/sync/batching';
import { systemClock } from '../../../main/core/sync/clock';
import { makeTransfer } from '../../tools/seda-package';
import { startChild, type Child } from './child-process';
import { makeHarness, type SyncHarness } from './harness';

let h: SyncHarness | null = null;
let child: Child | null = null;
afterEach(async () => {
  await child?.kill('SIGKILL');
  await h?.close();
  h = child = null;
});

const ENGINE = new URL('./children/engine-child.ts', import.meta.url).pathname;

const OPTIONS: BatchOptions = {
  maxActs: 50,
  maxBytes: 1e9,
  allowed: () => true,
  messageIdentifier: () => `SCEAU-TEST-MERGED-${Math.random().toString(36).slice(2)}`,
};

/** A transfer with `acts` acts (each with one annex), as the deposit plan records them. */
function addActs(h: SyncHarness, patch: Partial<TransferRecord>, acts = 1, profileId = h.profileId): TransferRecord {
  const t = h.transfers.insert({
    profileId,
    messageIdentifier: `SCEAU-TEST-${Math.random().toString(36).slice(2)}`,
    totalBytes: 1_000 * acts,
    ...patch,
  });
  const documents = new DocumentRepository(h.db);
  for (let a = 0; a < acts; a++) {
    const base = {
      profileId,
      sourcePath: join(h.dir, `${t.id}-${a}.pdf`),
      size: 500,
      mtimeMs: 0,
      fingerprintAlg: 'sha256' as const,
      fingerprintHex: '0'.repeat(64),
      vaultPath: `v/${t.id}/${a}`,
      state: 'queued' as const,
      origin: 'watch' as const,
      transferId: t.id,
    };
    const act = documents.insert({ ...base, relativePath: `act-${a}.pdf`, fileName: `act-${a}.pdf` });
    documents.insert({
      ...base,
      vaultPath: `${base.vaultPath}-annex`,
      relativePath: `annex-${a}.pdf`,
      fileName: `annex-${a}.pdf`,
      role: 'annex',
      parentId: act.id,
    });
  }
  return t;
}

function transferOf(h: SyncHarness): Map<string, string | null> {
  const rows = h.db.prepare('SELECT id, transfer_id AS t FROM documents').all() as Array<{
    id: string;
    t: string | null;
  }>;
  return new Map(rows.map((r) => [r.id, r.t]));
}

describe('batching never-sent transfers', () => {
  it('merges only transfers that never left the desktop; the documents follow; caps hold', async () => {
    h = await makeHarness({ archive: false });
    const other = new ProfileRepository(h.db).create({
      name: 'Mairie B',
      archiveKind: 'asalae',
      siren: '210000009',
    }).id;
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const seed = addActs(h, {});
    const fresh = [addActs(h, {}, 2), addActs(h, {})];
    const busy = addActs(h, {}); // in flight here (being prepared), attempts still 0
    const mayHaveLeft = [
      addActs(h, { attempts: 1 }), // interrupted: the archive may hold it
      addActs(h, { state: 'sending', attempts: 1 }),
      addActs(h, { state: 'failed', attempts: 2, nextAttemptAt: new Date(0).toISOString() }),
      addActs(h, { state: 'sent', attempts: 1, sentAt: new Date().toISOString() }),
      addActs(h, { operationId: 'op-1' }),
    ];
    const apart = [
      addActs(h, {}, 1, other), // another profile (another agreement)
      addActs(h, { kind: 'folder', title: 'Marché 2024' }), // a folder is its own versement
      addActs(h, { nextAttemptAt: future }), // not due yet
      addActs(h, {}, 49), // over the cap with the others
    ];
    const night = addActs(h, {});
    new SqliteSyncQueue(h.db).setNight(night.id, true, null, new Date().toISOString());
    const before = transferOf(h);

    const store = new SqliteSyncQueue(h.db);
    const batcher = new Batcher({ store, options: OPTIONS, clock: systemClock, bus: h.bus });
    const merged = new Set<string>();
    const into = batcher.gather(seed.id, (id) => id === busy.id, merged);

    expect(into).not.toBe(seed.id);
    expect([...merged].sort()).toEqual([seed.id, ...fresh.map((t) => t.id)].sort());
    const m = h.transfers.get(into)!;
    expect(m).toMatchObject({
      state: 'queued',
      attempts: 0,
      kind: 'act',
      totalBytes: 4_000,
      createdAt: seed.createdAt,
    });
    expect(store.freshSiblings(into, new Date().toISOString())[0]).toMatchObject({ id: into, acts: 4 });
    for (const id of merged) expect(h.transfers.get(id)).toBeNull();
    const after = transferOf(h);
    for (const [doc, t] of before) {
      // Each document in exactly one transfer: the merged one if its transfer was merged, else its own.
      expect(after.get(doc)).toBe(merged.has(t!) ? into : t);
    }
    for (const t of [busy, ...mayHaveLeft, ...apart, night])
      expect(h.transfers.get(t.id)).toMatchObject(t.kind === 'act' ? { messageIdentifier: t.messageIdentifier } : {});

    // Alone, a transfer goes as it is; one that may have left is never the seed of a merge.
    expect(batcher.gather(mayHaveLeft[0]!.id, () => false, new Set())).toBe(mayHaveLeft[0]!.id);
    expect(batcher.gather(apart[0]!.id, () => false, new Set())).toBe(apart[0]!.id);
  });

  it('SIGKILL between the merge and the first send: each act in exactly one transfer, sent once after restart', async () => {
    h = await makeHarness({ kind: 'asalae' });
    const parts = await Promise.all([1, 2, 3].map(() => h!.addTransfer('asalae', {}, 2)));
    // One that was attempted before (interrupted): the archive may hold it, it is never merged.
    const tried = await h.addTransfer('asalae', {}, 1);
    h.transfers.update(tried.id, { attempts: 1 });
    const docsBefore = transferOf(h);
    child = await startChild(ENGINE, {
      dbFile: h.dbFile,
      kind: 'asalae',
      url: h.endpoints.asalae[0],
      prepared: Object.fromEntries(h.prepared),
      settings: h.settings,
      batch: true,
    });
    const { id: mergedId } = await child.next<{ id: string }>('preparing');
    await child.kill('SIGKILL');
    child = null;

    const merged = h.transfers.get(mergedId)!;
    expect(merged).toMatchObject({ state: 'queued', attempts: 0 });
    for (const t of parts) expect(h.transfers.get(t.id)).toBeNull();
    expect(h.transfers.get(tried.id)).not.toBeNull();
    const docsAfter = transferOf(h);
    for (const [doc, t] of docsBefore) expect(docsAfter.get(doc)).toBe(t === tried.id ? tried.id : mergedId);
    // Nothing of the merged acts reached the archive under their old identifiers.
    const stats = h.archive!.stats();
    for (const t of parts) expect([...stats.accepted, ...stats.rejected]).not.toContain(t.messageIdentifier);

    // A new engine sends the merged transfer (its package now built) once.
    h.prepared.set(mergedId, await makeTransfer(h.dir, 'asalae', { messageIdentifier: merged.messageIdentifier }));
    const engine = h.engine({ batch: OPTIONS });
    engine.start();
    const [r, d] = await h.waitStates([mergedId, tried.id], ['accepted', 'rejected']);
    expect(r).toMatchObject({ state: 'accepted', attempts: 1 });
    expect(d!.state).toBe('accepted');
    const end = h.archive!.stats();
    expect(end.accepted.filter((id) => id === merged.messageIdentifier)).toHaveLength(1);
    expect(end.accepted).not.toEqual(expect.arrayContaining(parts.map((t) => t.messageIdentifier)));
    expect(end.duplicatesRefused).toBe(0);
    expect(new DocumentRepository(h.db).list({ transferId: mergedId }).items.map((x) => x.state)).toEqual(
      Array(6).fill('accepted'),
    );
  });
});
