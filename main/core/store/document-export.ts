// The rows of a document list export (« bordereau de versement » for the registre): the whole
// current filter, not the page on screen. The matching row ids are taken at once (a snapshot,
// 8 bytes a row), then the rows are read in small batches between which the writer may wait
// for its file: memory stays bounded and the connection is never held by an open iterator.
import type { ActMetadata, DocumentState, FileRole } from '../../contract/types';
import type { Db } from './db';
import { buildWhere, type DocumentFilter } from './document-search';
import { ORDER_BY, type DocumentSort } from './documents';
import { parseJson } from './ids';
import { stmt } from './statements';

export interface ExportRow {
  profileName: string;
  fileName: string;
  relativePath: string;
  size: number;
  fingerprintAlg: string;
  fingerprintHex: string;
  state: DocumentState;
  role: FileRole;
  metadata: ActMetadata;
  /** For an annex: its act's number. */
  parentNumber: string | null;
  profileId: string;
  archiveReference: string | null;
  messageIdentifier: string | null;
  repliedAt: string | null;
  createdAt: string;
}

interface Row {
  rowid: number;
  profile_id: string;
  profile_name: string | null;
  file_name: string;
  relative_path: string;
  size: number;
  fingerprint_alg: string;
  fingerprint_hex: string;
  state: DocumentState;
  role: FileRole;
  metadata: string;
  parent_number: string | null;
  archive_reference: string | null;
  message_identifier: string | null;
  replied_at: string | null;
  created_at: string;
}

/** Rows read per query: large enough to amortise the query, small enough to stay bounded. */
export const EXPORT_BATCH = 500;

const SELECT_BATCH = `SELECT d.rowid AS rowid, d.profile_id, pr.name AS profile_name, d.file_name, d.relative_path,
  d.size, d.fingerprint_alg, d.fingerprint_hex, d.state, d.role, d.metadata,
  json_extract(pa.metadata, '$.number') AS parent_number,
  t.archive_reference, t.message_identifier, t.replied_at, d.created_at
FROM documents d
LEFT JOIN profiles pr ON pr.id = d.profile_id
LEFT JOIN documents pa ON pa.id = d.parent_id
LEFT JOIN transfers t ON t.id = d.transfer_id
WHERE d.rowid IN (SELECT value FROM json_each(?))`;

export class DocumentExportReader {
  constructor(private readonly db: Db) {}

  /** Every row id the filter matches, in the list's order. */
  ids(filter: DocumentFilter, sort: DocumentSort): number[] {
    const { where, params } = buildWhere(filter);
    return stmt(this.db, `SELECT d.rowid AS rowid FROM documents d ${where} ORDER BY ${ORDER_BY[sort]}`)
      .pluck()
      .all(...params) as number[];
  }

  /** The rows of these ids, in the same order (ids gone since the snapshot are skipped). */
  rows(ids: readonly number[]): ExportRow[] {
    const found = new Map<number, Row>();
    for (const r of stmt(this.db, SELECT_BATCH).all(JSON.stringify(ids)) as Row[]) found.set(r.rowid, r);
    const out: ExportRow[] = [];
    for (const id of ids) {
      const r = found.get(id);
      if (r) out.push(exportRowFrom(r));
    }
    return out;
  }
}

function exportRowFrom(r: Row): ExportRow {
  return {
    profileId: r.profile_id,
    profileName: r.profile_name ?? '',
    fileName: r.file_name,
    relativePath: r.relative_path,
    size: r.size,
    fingerprintAlg: r.fingerprint_alg,
    fingerprintHex: r.fingerprint_hex,
    state: r.state,
    role: r.role,
    metadata: parseJson<ActMetadata>(r.metadata, {}),
    parentNumber: r.parent_number,
    archiveReference: r.archive_reference,
    messageIdentifier: r.message_identifier,
    repliedAt: r.replied_at,
    createdAt: r.created_at,
  };
}
