// Queries of act families (an act, its annexes and signature files): which act a file of
// the same act key belongs to, and the loose attachments an act arriving later takes in.
// Kept apart from capture-records.ts (intake batching) so the two evolve separately.
import { LOOSE_ATTACHMENT_REASON } from '../../contract/acts/completeness';
import type { Db } from './db';
import type { DocumentState } from '../../contract/types';
import { stmt } from './statements';

const IN_CHUNK = 500;

export interface UnlinkedAttachment {
  id: string;
  actKey: string;
  state: DocumentState;
  reason: string | null;
}

export class ActFamilyRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** The newest act of this key in the profile (not a duplicate), or null. */
  actOf(profileId: string, actKey: string): string | null {
    const row = stmt(
      this.db,
      "SELECT id FROM documents WHERE profile_id = ? AND act_key = ? AND role = 'act' AND parent_id IS NULL AND state != 'duplicate' ORDER BY created_at DESC, rowid DESC LIMIT 1",
    ).get(profileId, actKey) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Annexes/signatures of this key still waiting « à rattacher » (no act, not yet sent). */
  looseOf(profileId: string, actKey: string, exceptId: string): string[] {
    const rows = stmt(
      this.db,
      "SELECT id FROM documents WHERE profile_id = ? AND act_key = ? AND role != 'act' AND parent_id IS NULL AND id != ? AND state = 'needs_metadata' AND substr(reason, 1, ?) = ?",
    ).all(profileId, actKey, exceptId, LOOSE_ATTACHMENT_REASON.length, LOOSE_ATTACHMENT_REASON) as Array<{
      id: string;
    }>;
    return rows.map((r) => r.id);
  }

  /**
   * For acts recorded by one batch: the annexes/signatures of these act keys not linked to
   * any act yet (one query per few hundred keys), in rowid order.
   */
  unlinkedOfKeys(profileId: string, actKeys: readonly string[]): UnlinkedAttachment[] {
    const out: UnlinkedAttachment[] = [];
    const unique = [...new Set(actKeys)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT id, act_key, state, reason FROM documents WHERE profile_id = ? AND act_key IN (${part.map(() => '?').join(',')})
           AND role != 'act' AND parent_id IS NULL ORDER BY rowid`,
      ).all(profileId, ...part) as Array<{ id: string; act_key: string; state: DocumentState; reason: string | null }>;
      for (const r of rows) out.push({ id: r.id, actKey: r.act_key, state: r.state, reason: r.reason });
    }
    return out;
  }

  /** Links an attachment to its act. */
  setParent(id: string, parentId: string): void {
    stmt(this.db, 'UPDATE documents SET parent_id = ? WHERE id = ?').run(parentId, id);
  }

  /** The attachments of a document (ids only). */
  childrenOf(id: string): string[] {
    const rows = stmt(this.db, 'SELECT id FROM documents WHERE parent_id = ?').all(id) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
