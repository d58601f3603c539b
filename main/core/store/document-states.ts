// The two statements of a state change (capture/states.ts decides, this writes).
import type { DocumentState } from '../../contract/types';
import type { Db } from './db';
import { stmt } from './statements';

export type StateColumn = 'forced' | 'attempts' | 'next_attempt_at' | 'transfer_id';

export interface StateWrite {
  id: string;
  state: DocumentState;
  reason: string | null;
  at: string;
  columns?: Partial<Record<StateColumn, string | number | null>>;
  /** Set forced = 1 with the state (the user overrode a duplicate or auto-archived verdict). */
  forced?: boolean;
}

const COLUMN_NAMES: ReadonlySet<string> = new Set<StateColumn>([
  'forced',
  'attempts',
  'next_attempt_at',
  'transfer_id',
]);

export class DocumentStateRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  current(id: string): { state: DocumentState; profileId: string } | undefined {
    const row = stmt(this.db, 'SELECT state, profile_id FROM documents WHERE id = ?').get(id) as
      { state: DocumentState; profile_id: string } | undefined;
    return row && { state: row.state, profileId: row.profile_id };
  }

  write(w: StateWrite): void {
    const sets = ['state = @state', 'reason = @reason', 'updated_at = @at'];
    const params: Record<string, unknown> = { id: w.id, state: w.state, reason: w.reason, at: w.at };
    for (const [k, v] of Object.entries(w.columns ?? {})) {
      // Column names go into the SQL text: only the known ones.
      if (!COLUMN_NAMES.has(k)) throw new Error(`Colonne inconnue : ${k}`);
      sets.push(`${k} = @${k}`);
      params[k] = v;
    }
    if (w.forced) sets.push('forced = 1');
    stmt(this.db, `UPDATE documents SET ${sets.join(', ')} WHERE id = @id`).run(params);
  }
}
