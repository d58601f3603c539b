// The fleet simulation's stand-ins must not lie: the in-memory queue gives the same answers
// as the SQLite repository, and a small fleet run through the real engine ends with every
// transfer accepted exactly once, also with one site down (benchmark: bench/fleet/).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { SqliteSyncQueue } from '../../../main/core/store/sync-queue';
import { newTransferRecord, TransferRepository, type TransferState } from '../../../main/core/store/transfers';
import { DocumentRepository } from '../../../main/core/store/documents';
import { MemorySyncQueue } from '../../../bench/fleet/memory-store';
import { simulateFleet } from '../../../bench/fleet/simulate';
import { fleetOptions } from '../../../bench/fleet/fleet.bench';
import { fleetFigures } from '../../../bench/fleet/metrics';

let dir: string | null = null;
let db: Db | null = null;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = dir = null;
});

describe('fleet simulation', () => {
  it('the in-memory queue answers like the SQLite one', () => {
    dir = mkdtempSync(join(tmpdir(), 'sceau-fleet-'));
    db = openDatabase(join(dir, 'sceau.db'));
    const profiles = new ProfileRepository(db);
    const p1 = profiles.create({ name: 'Mairie A', archiveKind: 'asalae', siren: '210000001' }).id;
    const p2 = profiles.create({ name: 'Mairie B', archiveKind: 'asalae', siren: '210000002' }).id;
    const repo = new TransferRepository(db);
    const sql = new SqliteSyncQueue(db);
    const mem = new MemorySyncQueue();
    const at = (m: number) => new Date(Date.UTC(2026, 11, 7, 8, m)).toISOString();
    const rows: Array<[string, TransferState, string | null, string | null]> = [
      [p1, 'queued', null, null],
      [p1, 'failed', at(10), null],
      [p1, 'failed', null, null],
      [p1, 'sending', null, null],
      [p2, 'sent', at(5), at(1)],
      [p2, 'acknowledged', null, at(2)],
      [p2, 'sent', at(30), at(3)],
      [p2, 'accepted', null, at(0)],
      [p1, 'rejected', null, at(0)],
      [p2, 'queued', at(40), null],
    ];
    rows.forEach(([profileId, state, nextAttemptAt, sentAt], i) => {
      const t = repo.insert({
        profileId,
        messageIdentifier: `M-${i}`,
        state,
        nextAttemptAt,
        sentAt,
        createdAt: at(i),
      });
      mem.add(t, 0); // no documents recorded for these
    });
    for (const now of [at(0), at(6), at(20), at(45)]) {
      expect(mem.dueSends(now)).toEqual(sql.dueSends(now));
      expect(mem.dueTracks(now)).toEqual(sql.dueTracks(now));
      expect(mem.nextWake(now)).toEqual(sql.nextWake(now));
    }
    expect(mem.counts()).toEqual(sql.counts());
    expect(mem.profilesWithWork().sort()).toEqual(sql.profilesWithWork().sort());
    for (const p of [p1, p2]) {
      expect(mem.tracked(p)).toEqual(sql.tracked(p));
      expect(mem.blockedIds(p)).toEqual(sql.blockedIds(p));
    }

    // Batching: the same never-sent siblings, the same merge.
    const documents = new DocumentRepository(db);
    const more: Array<[Partial<Parameters<TransferRepository['insert']>[0]>, number, boolean]> = [
      [{}, 2, false],
      [{ attempts: 1 }, 1, false],
      [{ kind: 'folder', title: 'Dossier' }, 3, false],
      [{}, 1, true],
      [{ operationId: 'op' }, 1, false],
      [{}, 3, false],
    ];
    const added = more.map(([patch, acts, night], i) => {
      const t = repo.insert({
        profileId: p1,
        messageIdentifier: `B-${i}`,
        totalBytes: 100 * acts,
        createdAt: at(11 + i),
        ...patch,
      });
      for (let a = 0; a < acts; a++)
        documents.insert({
          profileId: p1,
          sourcePath: `/x/${t.id}-${a}`,
          relativePath: `${a}.pdf`,
          fileName: `${a}.pdf`,
          size: 1,
          mtimeMs: 0,
          fingerprintAlg: 'sha256',
          fingerprintHex: '0'.repeat(64),
          vaultPath: `v/${t.id}/${a}`,
          state: 'queued',
          origin: 'watch',
          transferId: t.id,
        });
      if (night) sql.setNight(t.id, true, null, at(0));
      mem.add(t, acts, night);
      return t;
    });
    const seeds = [sql.dueSends(at(45))[0]!.id, ...added.map((t) => t.id)];
    for (const now of [at(0), at(45)])
      for (const seed of seeds) expect(mem.freshSiblings(seed, now)).toEqual(sql.freshSiblings(seed, now));
    const siblings = sql.freshSiblings(added[0]!.id, at(45)).map((f) => f.id);
    expect(siblings).toHaveLength(3);
    const into = newTransferRecord({ profileId: p1, messageIdentifier: 'MERGED', createdAt: at(11) }, at(45));
    expect(mem.merge(into, siblings, () => {})).toEqual(sql.merge(into, siblings, () => {}));
    expect(mem.freshSiblings(into.id, at(45))).toEqual(sql.freshSiblings(into.id, at(45)));
    expect(mem.dueSends(at(45))).toEqual(sql.dueSends(at(45)));
    // A transfer that may have left is refused by both, changing nothing.
    const other = newTransferRecord({ profileId: p1, messageIdentifier: 'MERGED-2' }, at(45));
    expect(sql.merge(other, [added[1]!.id, added[5]!.id], () => {})).toBeNull();
    expect(mem.merge(other, [added[1]!.id, added[5]!.id], () => {})).toBeNull();
    expect(mem.dueSends(at(45))).toEqual(sql.dueSends(at(45)));
  });

  it('300 desktops through the real engine: all accepted, none twice, one site down included', async () => {
    for (const [outage, batch] of [
      [false, true],
      [true, true],
      [false, false],
    ] as const) {
      const run = await simulateFleet(fleetOptions(300, outage, 7, batch));
      const f = fleetFigures(run);
      expect(f.accepted).toBe(f.transfers);
      // Merged: about one versement per desktop with a backlog; unmerged: one per act.
      if (batch) expect(f.versements).toBeLessThanOrEqual(300);
      else expect(f.versements).toBe(f.transfers);
      expect(f.starved).toBe(0);
      expect(run.model.duplicates).toBe(0);
      for (const site of f.sites) expect(site.servedPeak).toBeLessThanOrEqual(120);
      if (outage) {
        expect(f.sites[0]!.refused).toBeGreaterThan(0);
        expect(f.sites[1]!.servedPeak).toBeGreaterThan(0); // failed over
      }
    }
  }, 60_000);
});
