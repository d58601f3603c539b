// The sync engine's view of the `transfers` table: what is due, what is pending, and the
// small column updates the scheduler makes between state changes. The engine depends on
// the SyncQueueStore interface only, so the fleet simulation can run the same scheduling
// code over an in-memory store (10,000 desktops, no SQLite each).
import type { CoreEvent } from '../events';
import type { Db } from './db';
import { stmt } from './statements';
import { TransferRepository, type TransferRecord, type TransferState } from './transfers';

export interface DueTransfer {
  id: string;
  profileId: string;
  nightOnly: boolean;
}

export interface TrackedTransfer {
  id: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** A queued transfer that has never left the desktop (no request was ever sent for it). */
export interface FreshTransfer {
  id: string;
  createdAt: string;
  totalBytes: number;
  /** Acts it carries (documents without a parent act). */
  acts: number;
  /** Documents it carries (acts, annexes, signatures). */
  documents: number;
}

export type TransferPatch = Partial<Omit<TransferRecord, 'id' | 'createdAt'>>;

export interface SyncQueueStore {
  get(id: string): TransferRecord | null;
  /** Failed transfers of a profile that wait for the user (no automatic retry). */
  blockedIds(profileId: string): string[];
  /** To send now: queued, sending (interrupted) or failed with a retry time that has come. */
  dueSends(nowIso: string): DueTransfer[];
  /** To poll now (ACK/ATR), oldest poll time first. */
  dueTracks(nowIso: string): DueTransfer[];
  /** Earliest retry or poll time after `nowIso`, for the wake-up timer. */
  nextWake(nowIso: string): string | null;
  counts(): { pending: number; blocked: number };
  profilesWithWork(): string[];
  /** Transfers of a profile being tracked (sent or acknowledged), oldest send first. */
  tracked(profileId: string): TrackedTransfer[];
  /** Sending and reply dates of a profile's latest verdicts (how long this archive takes). */
  recentReplies(profileId: string, limit: number): Array<{ sentAt: string; repliedAt: string }>;
  documentCount(transferId: string): number;
  setNext(id: string, nextAttemptAt: string | null, error: string | null, atIso: string): void;
  setResume(id: string, resumeJson: string, atIso: string): void;
  /** Moves every pending retry/poll time by `deltaMs` (the wall clock was set back). */
  shiftWaits(deltaMs: number, atIso: string): void;
  setSentBytes(id: string, bytes: number, atIso: string): void;
  agencyOf(id: string): string | null;
  setAgency(id: string, agency: string): void;
  setNight(id: string, nightOnly: boolean, nextAttemptAt: string | null, atIso: string): void;
  /** A probe's refusal (e.g. certificate) shown on every unfinished transfer of the profile. */
  setProfileError(profileId: string, message: string, atIso: string): void;
  /**
   * Act transfers of the seed's profile that never left the desktop — queued, no attempt, no
   * operation — and are due, the seed first, then by creation. Empty when the seed itself is not
   * such a transfer.
   */
  freshSiblings(seedId: string, nowIso: string): FreshTransfer[];
  /**
   * One transaction: inserts `into` (same night flag as the first of `fromIds`), runs `inside`
   * (it still sees the documents on their old transfers), moves every document of `fromIds` to
   * `into`, deletes `fromIds`. Returns null, changing nothing, when one of them is no longer fresh.
   */
  merge(into: TransferRecord, fromIds: readonly string[], inside: () => CoreEvent[] | void): CoreEvent[] | null;
  /** State change and `inside` (document transitions) in one transaction; returns its events. */
  commit(id: string, patch: TransferPatch, inside: () => CoreEvent[] | void): CoreEvent[];
}

type DueRow = { id: string; profile_id: string; night_only: number };
const due = (r: DueRow): DueTransfer => ({ id: r.id, profileId: r.profile_id, nightOnly: r.night_only !== 0 });

const UNFINISHED =
  "state IN ('queued','sending','sent','acknowledged') OR (state = 'failed' AND next_attempt_at IS NOT NULL)";

/** Never left the desktop: no attempt was ever recorded (it is stored before the first byte). */
const FRESH = (t: string) =>
  `${t}.kind = 'act' AND ${t}.state = 'queued' AND ${t}.attempts = 0 AND ${t}.operation_id IS NULL AND ${t}.sent_at IS NULL`;

export class SqliteSyncQueue implements SyncQueueStore {
  private readonly repo: TransferRepository;

  constructor(private readonly db: Db) {
    this.repo = new TransferRepository(db);
  }

  get(id: string): TransferRecord | null {
    return this.repo.get(id);
  }

  blockedIds(profileId: string): string[] {
    const rows = stmt(
      this.db,
      "SELECT id FROM transfers WHERE profile_id = ? AND state = 'failed' AND next_attempt_at IS NULL ORDER BY created_at",
    ).all(profileId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  dueSends(nowIso: string): DueTransfer[] {
    return this.perProfile(
      `(state IN ('queued','sending') OR (state = 'failed' AND next_attempt_at IS NOT NULL))
       AND (next_attempt_at IS NULL OR next_attempt_at <= ?)`,
      'created_at',
      nowIso,
    );
  }

  dueTracks(nowIso: string): DueTransfer[] {
    return this.perProfile(
      "state IN ('sent','acknowledged') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)",
      "COALESCE(next_attempt_at, '')",
      nowIso,
    );
  }

  /**
   * Up to 500 rows matching `where`, each profile's first by `order`, profiles interleaved: one
   * held back (suspended, archive down) with a long queue cannot fill the page and starve the others.
   */
  private perProfile(where: string, order: string, nowIso: string): DueTransfer[] {
    const profiles = stmt(this.db, `SELECT DISTINCT profile_id AS p FROM transfers WHERE ${where}`).all(
      nowIso,
    ) as Array<{ p: string }>;
    const page = stmt(
      this.db,
      `SELECT id, profile_id, night_only, ${order} AS k FROM transfers
       WHERE profile_id = ? AND ${where} ORDER BY ${order} LIMIT 500`,
    );
    const ranked: Array<{ row: DueRow; rank: number; k: string }> = [];
    for (const { p } of profiles)
      (page.all(p, nowIso) as Array<DueRow & { k: string }>).forEach((row, rank) =>
        ranked.push({ row, rank, k: row.k }),
      );
    ranked.sort((a, b) => a.rank - b.rank || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return ranked.slice(0, 500).map((r) => due(r.row));
  }

  nextWake(nowIso: string): string | null {
    const row = stmt(
      this.db,
      `SELECT MIN(next_attempt_at) AS m FROM transfers
       WHERE state IN ('queued','sending','failed','sent','acknowledged') AND next_attempt_at > ?`,
    ).get(nowIso) as { m: string | null };
    return row.m;
  }

  counts(): { pending: number; blocked: number } {
    const row = stmt(
      this.db,
      `SELECT SUM(CASE WHEN ${UNFINISHED} THEN 1 ELSE 0 END) AS pending,
              SUM(CASE WHEN state = 'failed' AND next_attempt_at IS NULL THEN 1 ELSE 0 END) AS blocked
       FROM transfers`,
    ).get() as { pending: number | null; blocked: number | null };
    return { pending: row.pending ?? 0, blocked: row.blocked ?? 0 };
  }

  profilesWithWork(): string[] {
    const rows = stmt(this.db, `SELECT DISTINCT profile_id AS p FROM transfers WHERE ${UNFINISHED}`).all() as Array<{
      p: string;
    }>;
    return rows.map((r) => r.p);
  }

  tracked(profileId: string): TrackedTransfer[] {
    return stmt(
      this.db,
      `SELECT id, sent_at AS sentAt, next_attempt_at AS nextAttemptAt FROM transfers
       WHERE profile_id = ? AND state IN ('sent','acknowledged') ORDER BY sent_at, created_at`,
    ).all(profileId) as TrackedTransfer[];
  }

  recentReplies(profileId: string, limit: number): Array<{ sentAt: string; repliedAt: string }> {
    return stmt(
      this.db,
      `SELECT sent_at AS sentAt, replied_at AS repliedAt FROM transfers
       WHERE profile_id = ? AND sent_at IS NOT NULL AND replied_at IS NOT NULL
       ORDER BY replied_at DESC LIMIT ?`,
    ).all(profileId, limit) as Array<{ sentAt: string; repliedAt: string }>;
  }

  documentCount(transferId: string): number {
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM documents WHERE transfer_id = ?').get(transferId) as { n: number })
      .n;
  }

  setNext(id: string, nextAttemptAt: string | null, error: string | null, atIso: string): void {
    stmt(
      this.db,
      'UPDATE transfers SET next_attempt_at = ?, last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ?',
    ).run(nextAttemptAt, error, atIso, id);
  }

  shiftWaits(deltaMs: number, atIso: string): void {
    const rows = stmt(
      this.db,
      `SELECT id, next_attempt_at AS n FROM transfers
       WHERE next_attempt_at IS NOT NULL AND state IN ('queued','sending','failed','sent','acknowledged')`,
    ).all() as Array<{ id: string; n: string }>;
    const update = stmt(this.db, 'UPDATE transfers SET next_attempt_at = ?, updated_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of rows) {
        const at = Date.parse(r.n);
        if (Number.isFinite(at)) update.run(new Date(at + deltaMs).toISOString(), atIso, r.id);
      }
    })();
  }

  setResume(id: string, resumeJson: string, atIso: string): void {
    stmt(this.db, 'UPDATE transfers SET resume_state = ?, updated_at = ? WHERE id = ?').run(resumeJson, atIso, id);
  }

  setSentBytes(id: string, bytes: number, atIso: string): void {
    stmt(this.db, 'UPDATE transfers SET sent_bytes = ?, updated_at = ? WHERE id = ?').run(bytes, atIso, id);
  }

  agencyOf(id: string): string | null {
    const row = stmt(this.db, 'SELECT transferring_agency AS a FROM transfers WHERE id = ?').get(id) as
      { a: string | null } | undefined;
    return row?.a ?? null;
  }

  setAgency(id: string, agency: string): void {
    stmt(this.db, 'UPDATE transfers SET transferring_agency = ? WHERE id = ?').run(agency, id);
  }

  setNight(id: string, nightOnly: boolean, nextAttemptAt: string | null, atIso: string): void {
    stmt(this.db, 'UPDATE transfers SET night_only = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?').run(
      nightOnly ? 1 : 0,
      nextAttemptAt,
      atIso,
      id,
    );
  }

  setProfileError(profileId: string, message: string, atIso: string): void {
    stmt(
      this.db,
      "UPDATE transfers SET last_error = ?, updated_at = ? WHERE profile_id = ? AND state IN ('queued','sending','failed','sent','acknowledged')",
    ).run(message, atIso, profileId);
  }

  freshSiblings(seedId: string, nowIso: string): FreshTransfer[] {
    return stmt(
      this.db,
      `SELECT t.id, t.created_at AS createdAt, t.total_bytes AS totalBytes,
              (SELECT COUNT(*) FROM documents d WHERE d.transfer_id = t.id AND d.parent_id IS NULL) AS acts,
              (SELECT COUNT(*) FROM documents d WHERE d.transfer_id = t.id) AS documents
       FROM transfers s JOIN transfers t ON t.profile_id = s.profile_id AND t.night_only = s.night_only
       WHERE s.id = ? AND ${FRESH('s')} AND ${FRESH('t')}
         AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?)
       ORDER BY t.id = s.id DESC, t.created_at, t.rowid LIMIT 500`,
    ).all(seedId, nowIso) as FreshTransfer[];
  }

  merge(into: TransferRecord, fromIds: readonly string[], inside: () => CoreEvent[] | void): CoreEvent[] | null {
    if (fromIds.length === 0) return null;
    const marks = fromIds.map(() => '?').join(',');
    return this.db
      .transaction((): CoreEvent[] | null => {
        // Checked again inside the write transaction: nothing may have left since it was chosen.
        const fresh = stmt(
          this.db,
          `SELECT COUNT(*) AS n FROM transfers t WHERE t.id IN (${marks}) AND ${FRESH('t')}`,
        ).get(...fromIds) as { n: number };
        if (fresh.n !== fromIds.length) return null;
        const night = stmt(this.db, 'SELECT night_only AS n FROM transfers WHERE id = ?').get(fromIds[0]) as {
          n: number;
        };
        this.repo.insert(into);
        stmt(this.db, 'UPDATE transfers SET night_only = ? WHERE id = ?').run(night.n, into.id);
        const events = inside() ?? [];
        stmt(this.db, `UPDATE documents SET transfer_id = ? WHERE transfer_id IN (${marks})`).run(into.id, ...fromIds);
        stmt(this.db, `DELETE FROM transfers WHERE id IN (${marks})`).run(...fromIds);
        return events;
      })
      .immediate();
  }

  commit(id: string, patch: TransferPatch, inside: () => CoreEvent[] | void): CoreEvent[] {
    return this.db
      .transaction(() => {
        this.repo.update(id, patch);
        return inside() ?? [];
      })
      .immediate();
  }
}

export type { TransferRecord, TransferState };
