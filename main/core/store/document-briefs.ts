// The few columns the event listeners and the CLI need of many documents at once (the
// activity feed's file names and folders, the arrival notices' folders, a deposit's
// summary): one narrow query per few hundred ids, not a whole row, its JSON parsed, each.
import type { DocumentState } from '../../contract/types';
import type { Db } from './db';
import { stmt } from './statements';

export interface DocumentBrief {
  fileName: string;
  folderId: string | null;
}

const IN_CHUNK = 500;

export function documentBriefs(db: Db, ids: readonly string[]): Map<string, DocumentBrief> {
  const out = new Map<string, DocumentBrief>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const part = unique.slice(i, i + IN_CHUNK);
    const rows = stmt(
      db,
      `SELECT id, file_name, folder_id FROM documents WHERE id IN (${part.map(() => '?').join(',')})`,
    ).all(...part) as Array<{ id: string; file_name: string; folder_id: string | null }>;
    for (const r of rows) out.set(r.id, { fileName: r.file_name, folderId: r.folder_id });
  }
  return out;
}

export interface DocumentOutcome {
  fileName: string;
  state: DocumentState;
  reason: string | null;
  transferId: string | null;
}

/** Where many documents ended (the CLI's summary of a deposit): one narrow query per few hundred ids. */
export function documentOutcomes(db: Db, ids: readonly string[]): Map<string, DocumentOutcome> {
  const out = new Map<string, DocumentOutcome>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const part = unique.slice(i, i + IN_CHUNK);
    const rows = stmt(
      db,
      `SELECT id, file_name, state, reason, transfer_id FROM documents WHERE id IN (${part.map(() => '?').join(',')})`,
    ).all(...part) as Array<{
      id: string;
      file_name: string;
      state: DocumentState;
      reason: string | null;
      transfer_id: string | null;
    }>;
    for (const r of rows)
      out.set(r.id, { fileName: r.file_name, state: r.state, reason: r.reason, transferId: r.transfer_id });
  }
  return out;
}
