// The deposit plan's reads and writes, set-based (app/deposit-plan.ts decides): the documents
// asked for and the acts' annexes, read with one query each and only the columns the plan
// looks at; the documents moved to « en file » in their transfers with one statement. Always
// inside the caller's transaction (the plan's), so what is read is what is written over.
import type { ActMetadata, DocumentState } from '../../contract/types';
import type { Db } from './db';
import type { DocumentRecord } from './documents';
import { parseJson } from './ids';
import { stmt } from './statements';

/** What the plan reads of a document. */
export type PlanDocument = Pick<
  DocumentRecord,
  'id' | 'profileId' | 'parentId' | 'state' | 'role' | 'fileName' | 'size' | 'metadata'
>;

interface PlanRow {
  id: string;
  profile_id: string;
  parent_id: string | null;
  state: DocumentRecord['state'];
  role: DocumentRecord['role'];
  file_name: string;
  size: number;
  metadata: string;
}

const COLUMNS = 'd.id, d.profile_id, d.parent_id, d.state, d.role, d.file_name, d.size, d.metadata';

function fromRow(r: PlanRow): PlanDocument {
  return {
    id: r.id,
    profileId: r.profile_id,
    parentId: r.parent_id,
    state: r.state,
    role: r.role,
    fileName: r.file_name,
    size: r.size,
    // Only an act's fields are checked (an annex's stay unread).
    metadata: r.parent_id === null ? parseJson<ActMetadata>(r.metadata, {}) : {},
  };
}

export class DepositPlanStore {
  constructor(private readonly db: Db) {}

  /** These documents by id (one query, the ids as one JSON array). */
  documents(ids: readonly string[]): Map<string, PlanDocument> {
    const out = new Map<string, PlanDocument>();
    if (ids.length === 0) return out;
    const rows = stmt(this.db, `SELECT ${COLUMNS} FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as PlanRow[];
    for (const r of rows) out.set(r.id, fromRow(r));
    return out;
  }

  /** The annexes and signatures of these acts, per act, as `list({ parentId })` orders them (newest first). */
  children(actIds: readonly string[], limit = 1000): Map<string, PlanDocument[]> {
    const out = new Map<string, PlanDocument[]>();
    if (actIds.length === 0) return out;
    const rows = stmt(
      this.db,
      `SELECT ${COLUMNS} FROM documents d WHERE d.parent_id IN (SELECT value FROM json_each(?))
       ORDER BY d.created_at DESC, d.id DESC`,
    ).all(JSON.stringify(actIds)) as PlanRow[];
    for (const r of rows) {
      const list = out.get(r.parent_id!) ?? [];
      if (list.length < limit) list.push(fromRow(r));
      out.set(r.parent_id!, list);
    }
    return out;
  }

  /**
   * → « en file » in the given transfer, for every document of `moves` (one UPDATE), from one
   * of the states `from` (« prêt » by default). Each was read in this transaction: if one is
   * no longer in such a state, nothing is kept (the caller's transaction rolls back on the error).
   */
  queue(moves: ReadonlyMap<string, string>, at: string, from: readonly DocumentState[] = ['ready']): void {
    if (moves.size === 0) return;
    const changed = stmt(
      this.db,
      `UPDATE documents SET state = 'queued', reason = NULL, updated_at = ?, transfer_id = m.value
       FROM json_each(?) AS m
       WHERE documents.id = m.key AND documents.state IN (SELECT value FROM json_each(?))`,
    ).run(at, JSON.stringify(Object.fromEntries(moves)), JSON.stringify(from)).changes;
    if (changed !== moves.size)
      throw new Error(`Plan de versement : ${moves.size - changed} document(s) ont changé d’état entre-temps.`);
  }
}
