// The few columns the event listeners need of many documents at once (the activity feed's
// file names and folders, the arrival notices' folders): one narrow query per few hundred
// ids, not a whole row, its JSON parsed, per event.
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
