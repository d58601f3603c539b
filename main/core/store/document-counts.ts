// Counts the secretary sees without opening a list: what waits per commune (the commune
// selector) and per watched folder (the folder cards, with their last activity).
import type { DocumentState } from '../../contract/types';
import type { Db } from './db';
import { stmt } from './statements';

export type StateCounts = Partial<Record<DocumentState, number>>;

/** Documents per state, per commune, in one pass over the (profile_id, state) index. */
export function countsByProfile(db: Db): Map<string, StateCounts> {
  const rows = stmt(
    db,
    'SELECT profile_id AS p, state AS s, count(*) AS n FROM documents GROUP BY profile_id, state',
  ).all() as {
    p: string;
    s: DocumentState;
    n: number;
  }[];
  const out = new Map<string, StateCounts>();
  for (const r of rows) {
    const c = out.get(r.p) ?? {};
    c[r.s] = r.n;
    out.set(r.p, c);
  }
  return out;
}

/** Documents per state and the last change, per watched folder (index documents_folder_state). */
export function countsByFolder(db: Db): Map<string, { counts: StateCounts; lastActivityAt: string | null }> {
  const rows = stmt(
    db,
    'SELECT folder_id AS f, state AS s, count(*) AS n, max(updated_at) AS last FROM documents WHERE folder_id IS NOT NULL GROUP BY folder_id, state',
  ).all() as { f: string; s: DocumentState; n: number; last: string | null }[];
  const out = new Map<string, { counts: StateCounts; lastActivityAt: string | null }>();
  for (const r of rows) {
    const c = out.get(r.f) ?? { counts: {}, lastActivityAt: null };
    c.counts[r.s] = r.n;
    if (r.last && (!c.lastActivityAt || r.last > c.lastActivityAt)) c.lastActivityAt = r.last;
    out.set(r.f, c);
  }
  return out;
}
