// Append-only hash chain in the `journal` table. Each entry's hash covers its content and
// the previous entry's hash, so altering, removing or reordering an entry breaks the chain.
import { createHash, hash as digestOf } from 'node:crypto';
import type { Db } from '../store/db';
import { canonicalJson } from './canonical-json';

export { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface JournalEntry {
  seq: number;
  at: string;
  documentId: string | null;
  profileId: string | null;
  type: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface JournalAppend {
  documentId?: string | null;
  profileId?: string | null;
  type: string;
  data?: unknown;
  at?: string;
}

export interface JournalRow {
  seq: number;
  at: string;
  document_id: string | null;
  profile_id: string | null;
  type: string;
  data: string;
  prev_hash: string;
  hash: string;
}

/** The exact bytes an entry's hash covers (canonical JSON); the evidence package ships them. */
export function entryHashedText(e: Omit<JournalEntry, 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at,
    documentId: e.documentId,
    profileId: e.profileId,
    type: e.type,
    data: e.data,
    prevHash: e.prevHash,
  });
}

/**
 * entryHashedText with the data already in canonical form: the same text (keys in sorted
 * order, data as given), without encoding the data again.
 */
function hashedTextOf(e: Omit<JournalEntry, 'hash' | 'data'>, canonicalData: string): string {
  const str = JSON.stringify;
  return `{"at":${str(e.at)},"data":${canonicalData},"documentId":${str(e.documentId)},"prevHash":${str(e.prevHash)},"profileId":${str(e.profileId)},"seq":${str(e.seq)},"type":${str(e.type)}}`;
}

export function computeEntryHash(e: Omit<JournalEntry, 'hash'>): string {
  return createHash('sha256').update(entryHashedText(e)).digest('hex');
}

export function entryFromRow(r: JournalRow): JournalEntry {
  let data: unknown;
  try {
    data = JSON.parse(r.data);
  } catch {
    data = r.data;
  }
  return {
    seq: r.seq,
    at: r.at,
    documentId: r.document_id,
    profileId: r.profile_id,
    type: r.type,
    data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class Journal {
  private readonly headStmt;
  private readonly insertStmt;

  readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.headStmt = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO journal (seq, at, document_id, profile_id, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Must run inside the transaction that makes the change it records. */
  append(input: JournalAppend): JournalEntry {
    if (!this.db.inTransaction) throw new Error('Journal.append must be called inside a transaction');
    const { entry, dataText } = this.write(this.head(), input);
    return Object.assign(entry, { data: JSON.parse(dataText) as unknown });
  }

  /**
   * Several entries in order, chained exactly as that many `append` calls would chain them,
   * with the head read once (a sealed file's three entries, a plan's entries). Nothing can run
   * between them: they are written in one synchronous call, inside the caller's transaction
   * (or savepoint), which keeps or drops them together.
   */
  appendMany(inputs: readonly JournalAppend[]): void {
    if (!this.db.inTransaction) throw new Error('Journal.append must be called inside a transaction');
    let head = this.head();
    for (const input of inputs) head = this.write(head, input).entry;
  }

  private write(
    head: { seq: number; hash: string } | null,
    input: JournalAppend,
  ): { entry: Omit<JournalEntry, 'data'>; dataText: string } {
    // The data is encoded once: the stored text, and the hashed text built around it
    // (canonical JSON is stable under a parse and a re-encoding, so verify finds the same).
    const dataText = canonicalJson(input.data ?? {});
    const entry = {
      seq: (head?.seq ?? 0) + 1,
      at: input.at ?? new Date().toISOString(),
      documentId: input.documentId ?? null,
      profileId: input.profileId ?? null,
      type: input.type,
      prevHash: head?.hash ?? GENESIS_HASH,
      hash: '',
    };
    // One-shot digest: no Hash object per entry (the same SHA-256 of the same UTF-8 text).
    entry.hash = digestOf('sha256', hashedTextOf(entry, dataText), 'hex');
    this.insertStmt.run(
      entry.seq,
      entry.at,
      entry.documentId,
      entry.profileId,
      entry.type,
      dataText,
      entry.prevHash,
      entry.hash,
    );
    return { entry, dataText };
  }

  head(): { seq: number; hash: string } | null {
    return (this.headStmt.get() as { seq: number; hash: string } | undefined) ?? null;
  }

  entriesFor(documentId: string): JournalEntry[] {
    return (
      this.db.prepare('SELECT * FROM journal WHERE document_id = ? ORDER BY seq').all(documentId) as JournalRow[]
    ).map(entryFromRow);
  }

  slice(fromSeq: number, toSeq: number): JournalEntry[] {
    return (
      this.db
        .prepare('SELECT * FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq')
        .all(fromSeq, toSeq) as JournalRow[]
    ).map(entryFromRow);
  }
}
