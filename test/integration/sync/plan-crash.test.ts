// The deposit plan of many acts is one transaction: a SIGKILL in the middle of it leaves
// nothing half-planned (no transfer, every document still « prêt », no « en file » entry in
// the journal); a SIGKILL right after its commit leaves every act in exactly one transfer,
// with its MessageIdentifier stored and named by each document's journal entry. `verify`
// passes after each kill, and planning again adds no transfer (no act in two transfers).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_MAX_ACTS } from '../../../main/core/app/deposit-batching';
import { verifyJournal } from '../../../main/core/seal/verify';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { pdf } from '../../tools/pdf';

const CHILD = join(import.meta.dirname, 'plan-crash-child.ts');
const HOOKS = join(import.meta.dirname, '../../../bench/capture/ts-hooks.ts');
const ACTS = 120;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-plan-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runChild(args: string[]): Promise<{ killed: boolean; code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', HOOKS, CHILD, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ killed: signal === 'SIGKILL', code, out, err }));
  });
}

interface Snapshot {
  states: Record<string, number>;
  transfers: Array<{ id: string; mi: string; acts: number; docs: number; state: string; attempts: number }>;
  /** Documents whose transfer_id names no transfer, or whose last journal entry disagrees with the row. */
  mismatched: unknown[];
  queuedEntries: number;
}

async function snapshot(dbFile: string, vaultDir: string, label: string): Promise<Snapshot> {
  const db = openDatabase(dbFile);
  try {
    const v = await verifyJournal(db, vaultDir);
    expect(v.ok, `${label}: ${v.message}`).toBe(true);
    const states = Object.fromEntries(
      (
        db.prepare('SELECT state, count(*) AS n FROM documents GROUP BY state').all() as { state: string; n: number }[]
      ).map((r) => [r.state, r.n]),
    );
    const transfers = db
      .prepare(
        `SELECT t.id, t.message_identifier AS mi, t.state, t.attempts,
                (SELECT count(*) FROM documents d WHERE d.transfer_id = t.id AND d.parent_id IS NULL) AS acts,
                (SELECT count(*) FROM documents d WHERE d.transfer_id = t.id) AS docs
         FROM transfers t ORDER BY t.rowid`,
      )
      .all() as Snapshot['transfers'];
    // The row and its story agree: state, transfer and MessageIdentifier as the last entry recorded them.
    const mismatched = db
      .prepare(
        `SELECT d.id, d.state, d.transfer_id, j.data FROM documents d
           JOIN journal j ON j.seq = (SELECT max(seq) FROM journal WHERE document_id = d.id AND type = 'state')
         WHERE d.state != json_extract(j.data, '$.to')
            OR (d.state = 'queued' AND (d.transfer_id IS NULL
                OR d.transfer_id != json_extract(j.data, '$.transferId')
                OR NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id = d.transfer_id
                                AND t.message_identifier = json_extract(j.data, '$.messageIdentifier'))))
            OR (d.state = 'ready' AND d.transfer_id IS NOT NULL)`,
      )
      .all();
    const queuedEntries = (
      db
        .prepare("SELECT count(*) AS n FROM journal WHERE type = 'state' AND json_extract(data, '$.to') = 'queued'")
        .get() as {
        n: number;
      }
    ).n;
    return { states, transfers, mismatched, queuedEntries };
  } finally {
    db.close();
  }
}

/**
 * A new database with one commune (no archival profile: several acts may go in one versement,
 * deposit-batching.ts canBatch) and an empty drop folder; `old`: a modification time the
 * quick look takes as complete.
 */
function commune(dropName: string) {
  const dbFile = join(dir, 'sceau.db');
  const vaultDir = join(dir, 'vault');
  const drop = join(dir, dropName);
  mkdirSync(drop);
  const db0 = openDatabase(dbFile);
  const profileId = new ProfileRepository(db0).create({
    name: 'Commune',
    archiveKind: 'asalae',
    siren: '212900351',
  }).id;
  db0.close();
  return { dbFile, vaultDir, drop, profileId, old: new Date(Date.now() - 60_000) };
}

describe('crash safety of the deposit plan', () => {
  it(
    'SIGKILL inside the plan’s transaction, then after its commit: nothing half-planned, each act in one transfer, verify passes',
    { timeout: 120_000 },
    async () => {
      const { dbFile, vaultDir, drop, profileId, old } = commune('Dépôt');
      let documents = 0;
      for (let i = 0; i < ACTS; i++) {
        const act = `DE_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`;
        const files: Record<string, Buffer> = { [act]: pdf(`acte ${i}`) };
        // One act in three comes with an annex and its signature: members of the same transfer.
        if (i % 3 === 0) {
          files[`DE_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1)_annexe 1.pdf`] = pdf(`annexe ${i}`);
          files[`${act}.p7s`] = Buffer.from(`signature ${i}`);
        }
        for (const [name, bytes] of Object.entries(files)) {
          writeFileSync(join(drop, name), bytes);
          utimesSync(join(drop, name), old, old);
          documents++;
        }
      }
      const seeded = await runChild(['seed', dbFile, vaultDir, `${profileId}\n${drop}`, 'none', '0']);
      expect(seeded.code, seeded.err).toBe(0);
      const start = await snapshot(dbFile, vaultDir, 'seeded');
      expect(start.states).toEqual({ ready: documents });

      // Killed when half the documents have their « en file » entry, inside the transaction.
      const mid = await runChild(['plan', dbFile, vaultDir, '', 'mid-plan', String(Math.floor(documents / 2))]);
      expect(mid.killed, `not killed: ${mid.out}${mid.err}`).toBe(true);
      const afterMid = await snapshot(dbFile, vaultDir, 'killed mid-plan');
      expect(afterMid.states).toEqual({ ready: documents });
      expect(afterMid.transfers).toEqual([]);
      expect(afterMid.queuedEntries).toBe(0);
      expect(afterMid.mismatched).toEqual([]);

      // Killed after the commit, before the first event: everything planned, once.
      const late = await runChild(['plan', dbFile, vaultDir, '', 'after-commit', '0']);
      expect(late.killed, `not killed: ${late.out}${late.err}`).toBe(true);
      const afterCommit = await snapshot(dbFile, vaultDir, 'killed after the commit');
      expect(afterCommit.states).toEqual({ queued: documents });
      expect(afterCommit.queuedEntries).toBe(documents);
      expect(afterCommit.mismatched).toEqual([]);
      expect(afterCommit.transfers.reduce((s, t) => s + t.acts, 0)).toBe(ACTS);
      expect(afterCommit.transfers.reduce((s, t) => s + t.docs, 0)).toBe(documents);
      for (const t of afterCommit.transfers) {
        expect(t).toMatchObject({ state: 'queued', attempts: 0 });
        expect(t.acts).toBeLessThanOrEqual(BATCH_MAX_ACTS);
      }
      // Merged at plan time: 120 acts in 50 + 50 + 20.
      expect(afterCommit.transfers.map((t) => t.acts)).toEqual([50, 50, 20]);
      expect(new Set(afterCommit.transfers.map((t) => t.mi)).size).toBe(afterCommit.transfers.length);

      // Planning the same documents again: they are queued already, no new transfer.
      const again = await runChild(['plan', dbFile, vaultDir, '', 'none', '0']);
      expect(again.code, again.err).toBe(0);
      const end = await snapshot(dbFile, vaultDir, 'planned again');
      expect(end.transfers).toEqual(afterCommit.transfers);
      expect(end.queuedEntries).toBe(documents);
    },
  );

  it(
    'SIGKILL inside a folder versement’s plan: nothing planned; then one folder transfer, verify passes',
    { timeout: 120_000 },
    async () => {
      const { dbFile, vaultDir, drop, profileId, old } = commune('Marché');
      const FILES = 40;
      for (let i = 0; i < FILES; i++) {
        // Acts the rules read and pieces they do not (« à compléter »): both go in a folder versement.
        const name =
          i % 2 === 0 ? `DE_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf` : `pièce ${i}.pdf`;
        writeFileSync(join(drop, name), pdf(`marché ${i}`));
        utimesSync(join(drop, name), old, old);
      }
      const seeded = await runChild(['seed', dbFile, vaultDir, `${profileId}\n${drop}`, 'none', '0']);
      expect(seeded.code, seeded.err).toBe(0);
      const start = await snapshot(dbFile, vaultDir, 'seeded');
      expect(Object.values(start.states).reduce((s, n) => s + n, 0)).toBe(FILES);

      const mid = await runChild(['plan', dbFile, vaultDir, 'folder', 'mid-plan', String(FILES / 2)]);
      expect(mid.killed, `not killed: ${mid.out}${mid.err}`).toBe(true);
      const afterMid = await snapshot(dbFile, vaultDir, 'killed mid-plan');
      expect(afterMid.states).toEqual(start.states);
      expect(afterMid.transfers).toEqual([]);
      expect(afterMid.queuedEntries).toBe(0);
      expect(afterMid.mismatched).toEqual([]);

      const done = await runChild(['plan', dbFile, vaultDir, 'folder', 'none', '0']);
      expect(done.code, done.err).toBe(0);
      const end = await snapshot(dbFile, vaultDir, 'planned');
      expect(end.states).toEqual({ queued: FILES });
      expect(end.transfers).toHaveLength(1);
      expect(end.transfers[0]).toMatchObject({ docs: FILES, state: 'queued', attempts: 0 });
      expect(end.queuedEntries).toBe(FILES);
      expect(end.mismatched).toEqual([]);
    },
  );
});
