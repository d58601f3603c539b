// What the dashboard's « non horodatés » warning reads: documents whose last change no
// granted time-stamp covers, and stamp requests that keep failing (the TSA down or refusing).
import type { Db } from './db';
import { stmt } from './statements';

/** Documents with a journal entry after `coveredSeq` (null: nothing ever stamped). */
export function documentsChangedAfter(db: Db, coveredSeq: number | null): number {
  const row = stmt(
    db,
    'SELECT count(DISTINCT document_id) AS n FROM journal WHERE seq > ? AND document_id IS NOT NULL',
  ).get(coveredSeq ?? 0) as { n: number };
  return row.n;
}

/** The oldest stamp request still waiting after at least one failed try, if any. */
export function failingStampsSince(db: Db): { since: string; lastError: string | null } | null {
  const row = stmt(
    db,
    "SELECT min(created_at) AS since, max(last_error) AS lastError FROM timestamps WHERE state = 'pending' AND attempts > 0 AND last_error IS NOT NULL",
  ).get() as { since: string | null; lastError: string | null };
  return row.since ? { since: row.since, lastError: row.lastError } : null;
}
