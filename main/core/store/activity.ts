// The activity feed's rows: appended (or grown, for a batch of files), read newest first by
// pages, pruned by age and count so the table stays small whatever happens.
import type { Db } from './db';
import { stmt } from './statements';

export interface ActivityRow {
  id: number;
  at: string;
  updatedAt: string;
  kind: string;
  profileId: string | null;
  folderId: string | null;
  documentId: string | null;
  count: number;
  text: string;
}

export interface NewActivity {
  at: string;
  kind: string;
  profileId: string | null;
  folderId?: string | null;
  documentId?: string | null;
  /** Rows with the same key, close in time, are one line that counts (a batch of files). */
  groupKey?: string | null;
  text: string;
}

interface Row {
  id: number;
  at: string;
  updated_at: string;
  kind: string;
  profile_id: string | null;
  folder_id: string | null;
  document_id: string | null;
  count: number;
  text: string;
}

const fromRow = (r: Row): ActivityRow => ({
  id: r.id,
  at: r.at,
  updatedAt: r.updated_at,
  kind: r.kind,
  profileId: r.profile_id,
  folderId: r.folder_id,
  documentId: r.document_id,
  count: r.count,
  text: r.text,
});

export class ActivityRepository {
  constructor(private readonly db: Db) {}

  /** The latest row of a group, if it was last touched at or after `since`. */
  openGroup(groupKey: string, since: string): ActivityRow | null {
    const r = stmt(
      this.db,
      'SELECT * FROM activity WHERE group_key = ? AND updated_at >= ? ORDER BY id DESC LIMIT 1',
    ).get(groupKey, since) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** The latest row of a commune of one of these kinds (connection lost/back: only changes count). */
  lastOfKinds(profileId: string, kinds: readonly string[]): ActivityRow | null {
    const r = stmt(
      this.db,
      `SELECT * FROM activity WHERE profile_id = ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY id DESC LIMIT 1`,
    ).get(profileId, ...kinds) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  insert(a: NewActivity): number {
    const info = stmt(
      this.db,
      `INSERT INTO activity (at, updated_at, kind, profile_id, folder_id, document_id, group_key, count, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    ).run(a.at, a.at, a.kind, a.profileId, a.folderId ?? null, a.documentId ?? null, a.groupKey ?? null, a.text);
    return Number(info.lastInsertRowid);
  }

  /** One more in a group: the count, the text and the time change; the document is no longer one. */
  grow(id: number, count: number, text: string, at: string): void {
    stmt(this.db, 'UPDATE activity SET count = ?, text = ?, updated_at = ?, document_id = NULL WHERE id = ?').run(
      count,
      text,
      at,
      id,
    );
  }

  /** Newest first; `before` is the id of the last row of the previous page. */
  page(filter: { profileId?: string; before?: number; limit: number }): ActivityRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.profileId) {
      where.push('profile_id = ?');
      params.push(filter.profileId);
    }
    if (filter.before !== undefined) {
      where.push('id < ?');
      params.push(filter.before);
    }
    const sql = `SELECT * FROM activity ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (stmt(this.db, sql).all(...params, filter.limit) as Row[]).map(fromRow);
  }

  count(): number {
    return (stmt(this.db, 'SELECT count(*) AS n FROM activity').get() as { n: number }).n;
  }

  /** Drops rows older than `olderThan` and all but the newest `keep`. Returns how many went. */
  prune(olderThan: string, keep: number): number {
    const old = stmt(this.db, 'DELETE FROM activity WHERE updated_at < ?').run(olderThan).changes;
    const cut = stmt(this.db, 'SELECT id FROM activity ORDER BY id DESC LIMIT 1 OFFSET ?').get(keep) as
      { id: number } | undefined;
    const extra = cut ? stmt(this.db, 'DELETE FROM activity WHERE id <= ?').run(cut.id).changes : 0;
    return old + extra;
  }
}
