// Documents as the sync side sees them: those of a transfer (their states follow it) and
// the ready ones from watched folders that « Verser automatiquement » sends by itself.
import type { DocumentState } from '../../contract/types';
import type { Db } from './db';
import { stmt } from './statements';

export class SyncDocuments {
  constructor(private readonly db: Db) {}

  ofTransfer(transferId: string): Array<{ id: string; state: DocumentState }> {
    return stmt(this.db, 'SELECT id, state FROM documents WHERE transfer_id = ?').all(transferId) as Array<{
      id: string;
      state: DocumentState;
    }>;
  }

  /** Names and sizes of a transfer's files (what the pre-flight judges file by file). */
  filesOf(transferId: string): Array<{ fileName: string; size: number }> {
    return stmt(this.db, 'SELECT file_name AS fileName, size FROM documents WHERE transfer_id = ?').all(
      transferId,
    ) as Array<{ fileName: string; size: number }>;
  }

  /** Retry bookkeeping of a document that stays in its state (no journal entry). */
  setRetry(id: string, attempts: number, nextAttemptAt: string | null, reason: string | null): void {
    stmt(this.db, 'UPDATE documents SET attempts = ?, next_attempt_at = ?, reason = ? WHERE id = ?').run(
      attempts,
      nextAttemptAt,
      reason,
      id,
    );
  }

  /** Ready documents from watched folders (those that became ready while the app was closed). */
  readyFromWatch(): string[] {
    const rows = stmt(this.db, "SELECT id FROM documents WHERE state = 'ready' AND origin = 'watch'").all() as Array<{
      id: string;
    }>;
    return rows.map((r) => r.id);
  }

  /** Of `ids`, those still ready and from a watched folder (dropped files wait for « Verser »). */
  readyFromWatchAmong(ids: readonly string[]): string[] {
    const out: string[] = [];
    // Bounded chunks: SQLite caps the number of bound parameters.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT id FROM documents WHERE id IN (${chunk.map(() => '?').join(',')}) AND origin = 'watch' AND state = 'ready'`,
        )
        .all(...chunk) as Array<{ id: string }>;
      for (const r of rows) out.push(r.id);
    }
    return out;
  }
}
