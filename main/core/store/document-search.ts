// The WHERE clause of a document list: structured filters, then the free text a secretary
// types. Text finds an act by objet, file name, number written any way, classification code,
// date, nature or archive reference; an annex is found by its act's keys too.
import type { DocumentState, FileRole, NatureCode } from '../../contract/types';

export interface DocumentFilter {
  profileId?: string;
  state?: DocumentState | DocumentState[];
  nature?: NatureCode;
  year?: string;
  folderId?: string;
  /** Objet, file name, act number (any separator), classification, date, nature, archive reference. */
  text?: string;
  role?: FileRole;
  parentId?: string;
  transferId?: string;
}

/** « 2024-045 », « 2024/045 », « 2024.045 » and « 2024 045 » all mean the act number 2024_045. */
const NUMBER_LIKE = /^\d{2,}[-_/.\\]\w/;
const SEPARATORS = /[-_/.\\\s]+/g;

export function normaliseActNumberQuery(word: string): string {
  return word.replace(SEPARATORS, '_');
}

function phrase(w: string): string {
  return `"${w.replace(/"/g, '""')}"`;
}

/** FTS5 query (trigram): every word must match; a number-like word matches in any spelling. */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).filter((w) => [...w].length >= 3);
  if (!words.length) return null;
  return words
    .map((w) => {
      const n = normaliseActNumberQuery(w);
      return NUMBER_LIKE.test(w) && n !== w ? `(${phrase(w)} OR ${phrase(n)})` : phrase(w);
    })
    .join(' AND ');
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

export function buildWhere(f: DocumentFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const text = f.text?.trim();
  const query = text && [...text].length >= 3 ? ftsQuery(text) : null;
  // With a text query the matching rows are few: drive the search from them, not from the
  // profile's index (the unary + keeps SQLite from walking 100,000 index entries).
  const byProfile = query ? '+d.profile_id' : 'd.profile_id';
  const equal: Array<[unknown, string]> = [
    [f.profileId, byProfile],
    [f.nature, 'd.nature'],
    [f.year, 'd.act_year'],
    [f.folderId, 'd.folder_id'],
    [f.role, 'd.role'],
    [f.parentId, 'd.parent_id'],
    [f.transferId, 'd.transfer_id'],
  ];
  for (const [value, column] of equal)
    if (value) {
      clauses.push(`${column} = ?`);
      params.push(value);
    }
  if (f.state) {
    const states = Array.isArray(f.state) ? f.state : [f.state];
    clauses.push(`d.state IN (${states.map(() => '?').join(',')})`);
    params.push(...states);
  }
  if (text) {
    if (query) {
      // One set of row ids, each part using its own index: the FTS match, the annexes of a
      // matching act (documents_parent), the acts of a transfer by archive reference.
      const fts = 'SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?';
      clauses.push(
        `d.rowid IN (${fts}` +
          ` UNION SELECT c.rowid FROM documents c WHERE c.parent_id IN (SELECT p.id FROM documents p WHERE p.rowid IN (${fts}))` +
          ` UNION SELECT c.rowid FROM documents c WHERE c.transfer_id IN` +
          ` (SELECT t.id FROM transfers t WHERE t.archive_reference LIKE ? ESCAPE '\\'))`,
      );
      params.push(query, query, likePattern(text));
    } else {
      clauses.push("(d.file_name LIKE ? ESCAPE '\\' OR d.objet LIKE ? ESCAPE '\\')");
      const like = likePattern(text);
      params.push(like, like);
    }
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
