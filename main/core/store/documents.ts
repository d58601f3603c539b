import { stmt } from './statements';
import type { Db } from './db';
import type { ActMetadata, DigestAlgorithm, DocumentState, FileRole } from '../../contract/types';
import { DOCUMENT_STATES } from '../../contract/types';
import { nowIso, parseJson, uuidv7 } from './ids';
import { buildWhere, type DocumentFilter } from './document-search';

export type DocumentOrigin = 'watch' | 'drop' | 'cli';
export type MissingField = 'nature' | 'number' | 'date' | 'objet' | 'classification';

export interface DocumentRecord {
  id: string;
  profileId: string;
  folderId: string | null;
  sourcePath: string;
  relativePath: string;
  fileName: string;
  size: number;
  mtimeMs: number;
  fingerprintAlg: DigestAlgorithm;
  fingerprintHex: string;
  /** Relative to the vault directory. */
  vaultPath: string;
  state: DocumentState;
  metadata: ActMetadata;
  metadataSource: 'rules' | 'user';
  ruleName: string | null;
  missingFields: MissingField[];
  role: FileRole;
  actKey: string | null;
  parentId: string | null;
  transferId: string | null;
  /** French text for failed / rejected / skipped / duplicate / needs_metadata. */
  reason: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  forced: boolean;
  origin: DocumentOrigin;
  createdAt: string;
  updatedAt: string;
  /** The archive's reference once its transfer is accepted (read with lists and get only). */
  archiveReference?: string | null;
  /** For an annex or signature: its act's number (read with lists and get only). */
  parentNumber?: string | null;
}

export type NewDocument = Omit<
  DocumentRecord,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'attempts'
  | 'nextAttemptAt'
  | 'forced'
  | 'transferId'
  | 'reason'
  | 'metadataSource'
  | 'ruleName'
  | 'missingFields'
  | 'role'
  | 'actKey'
  | 'parentId'
  | 'metadata'
  | 'folderId'
> &
  Partial<DocumentRecord>;

interface Row {
  id: string;
  profile_id: string;
  folder_id: string | null;
  source_path: string;
  relative_path: string;
  file_name: string;
  size: number;
  mtime_ms: number;
  fingerprint_alg: DigestAlgorithm;
  fingerprint_hex: string;
  vault_path: string;
  state: DocumentState;
  metadata: string;
  metadata_source: 'rules' | 'user';
  rule_name: string | null;
  missing_fields: string;
  role: FileRole;
  act_key: string | null;
  parent_id: string | null;
  transfer_id: string | null;
  reason: string | null;
  attempts: number;
  next_attempt_at: string | null;
  forced: number;
  origin: DocumentOrigin;
  created_at: string;
  updated_at: string;
  archive_reference?: string | null;
  parent_number?: string | null;
}

export function documentFromRow(r: Row): DocumentRecord {
  return {
    id: r.id,
    profileId: r.profile_id,
    folderId: r.folder_id,
    sourcePath: r.source_path,
    relativePath: r.relative_path,
    fileName: r.file_name,
    size: r.size,
    mtimeMs: r.mtime_ms,
    fingerprintAlg: r.fingerprint_alg,
    fingerprintHex: r.fingerprint_hex,
    vaultPath: r.vault_path,
    state: r.state,
    metadata: parseJson<ActMetadata>(r.metadata, {}),
    metadataSource: r.metadata_source,
    ruleName: r.rule_name,
    missingFields: parseJson<MissingField[]>(r.missing_fields, []),
    role: r.role,
    actKey: r.act_key,
    parentId: r.parent_id,
    transferId: r.transfer_id,
    reason: r.reason,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    forced: r.forced === 1,
    origin: r.origin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.archive_reference !== undefined ? { archiveReference: r.archive_reference } : {}),
    ...(r.parent_number !== undefined ? { parentNumber: r.parent_number } : {}),
  };
}

/** A document row with its transfer's archive reference (and an annex's act number), for lists and detail pages. */
const WITH_REFERENCE =
  'd.*, (SELECT t.archive_reference FROM transfers t WHERE t.id = d.transfer_id) AS archive_reference,' +
  " (SELECT json_extract(p.metadata, '$.number') FROM documents p WHERE p.id = d.parent_id) AS parent_number";

function toRow(d: DocumentRecord): Row {
  return {
    id: d.id,
    profile_id: d.profileId,
    folder_id: d.folderId,
    source_path: d.sourcePath,
    relative_path: d.relativePath,
    file_name: d.fileName,
    size: d.size,
    mtime_ms: d.mtimeMs,
    fingerprint_alg: d.fingerprintAlg,
    fingerprint_hex: d.fingerprintHex,
    vault_path: d.vaultPath,
    state: d.state,
    metadata: JSON.stringify(d.metadata),
    metadata_source: d.metadataSource,
    rule_name: d.ruleName,
    missing_fields: JSON.stringify(d.missingFields),
    role: d.role,
    act_key: d.actKey,
    parent_id: d.parentId,
    transfer_id: d.transferId,
    reason: d.reason,
    attempts: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    forced: d.forced ? 1 : 0,
    origin: d.origin,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

const COLUMNS = Object.keys(toRow({ metadata: {}, missingFields: [] } as unknown as DocumentRecord));
const UPDATABLE = COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');

export type { DocumentFilter } from './document-search';

/** Values per IN (…) list: well under SQLite's variable limit. */
const IN_CHUNK = 500;

export type DocumentSort = 'problems-first' | 'newest' | 'oldest' | 'name';

// Problems first: what the user must act on (refused, failed, to complete) leads the list.
export const ORDER_BY: Record<DocumentSort, string> = {
  'problems-first':
    "CASE d.state WHEN 'rejected' THEN 0 WHEN 'failed' THEN 1 WHEN 'needs_metadata' THEN 2 ELSE 3 END, d.created_at DESC, d.id DESC",
  newest: 'd.created_at DESC, d.id DESC',
  oldest: 'd.created_at ASC, d.id ASC',
  name: 'd.file_name COLLATE NOCASE ASC, d.id ASC',
};

export interface DocumentPage {
  items: DocumentRecord[];
  total: number;
}

export type DocumentPatch = Partial<Omit<DocumentRecord, 'id' | 'createdAt' | 'profileId'>>;

export class DocumentRepository {
  private readonly insertStmt;
  private readonly getStmt;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.insertStmt = stmt(
      db,
      // Positional: better-sqlite3 binds a named parameter by looking its name up on the object.
      `INSERT INTO documents (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
    );
    this.getStmt = stmt(db, `SELECT ${WITH_REFERENCE} FROM documents d WHERE d.id = ?`);
  }

  insert(input: NewDocument): DocumentRecord {
    const at = nowIso();
    const d: DocumentRecord = {
      folderId: null,
      metadata: {},
      metadataSource: 'rules',
      ruleName: null,
      missingFields: [],
      role: 'act',
      actKey: null,
      parentId: null,
      transferId: null,
      reason: null,
      attempts: 0,
      nextAttemptAt: null,
      forced: false,
      createdAt: at,
      updatedAt: at,
      ...input,
      id: input.id ?? uuidv7(),
    };
    this.insertStmt.run(...Object.values(toRow(d))); // COLUMNS are toRow's keys, in order
    return d;
  }

  /**
   * Runs `fn` (inside the caller's transaction) with the search index of the documents it
   * inserts written once at its end, one statement for the whole batch, instead of one trigger
   * run per row (migration 010). Updates and deletes of rows inserted meanwhile are picked up
   * by that same statement; older rows keep their per-row triggers.
   */
  withBatchedSearchIndex<T>(fn: () => T): T {
    if (!this.db.inTransaction) throw new Error('withBatchedSearchIndex must run inside a transaction');
    if (stmt(this.db, 'SELECT 1 FROM search_index_deferred LIMIT 1').get()) return fn(); // nested: the outer one indexes
    const mark = (stmt(this.db, 'SELECT coalesce(max(rowid), 0) AS m FROM documents').get() as { m: number }).m;
    stmt(this.db, 'INSERT INTO search_index_deferred (after_rowid) VALUES (?)').run(mark);
    let result: T;
    try {
      result = fn();
    } finally {
      stmt(this.db, 'DELETE FROM search_index_deferred').run();
    }
    stmt(
      this.db,
      "INSERT INTO documents_fts(rowid, objet, file_name, keys) SELECT rowid, coalesce(objet, ''), file_name, search_keys FROM documents WHERE rowid > ?",
    ).run(mark);
    return result;
  }

  get(id: string): DocumentRecord | null {
    const r = this.getStmt.get(id) as Row | undefined;
    return r ? documentFromRow(r) : null;
  }

  /** Several documents by id (one query per few hundred ids); the ids not found are absent. */
  getMany(ids: readonly string[]): Map<string, DocumentRecord> {
    const out = new Map<string, DocumentRecord>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT ${WITH_REFERENCE} FROM documents d WHERE d.id IN (${part.map(() => '?').join(',')})`,
      ).all(...part) as Row[];
      for (const r of rows) out.set(r.id, documentFromRow(r));
    }
    return out;
  }

  /**
   * The annexes and signatures of several acts (one query per few hundred acts): per act, as
   * list({ parentId }) orders them (newest first), up to `limit` each.
   */
  childrenOf(parentIds: readonly string[], limit = 1000): Map<string, DocumentRecord[]> {
    const out = new Map<string, DocumentRecord[]>();
    const unique = [...new Set(parentIds)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const part = unique.slice(i, i + IN_CHUNK);
      const rows = stmt(
        this.db,
        `SELECT ${WITH_REFERENCE} FROM documents d WHERE d.parent_id IN (${part.map(() => '?').join(',')}) ORDER BY ${ORDER_BY.newest}`,
      ).all(...part) as Row[];
      for (const r of rows) {
        const list = out.get(r.parent_id!) ?? [];
        if (list.length < limit) list.push(documentFromRow(r));
        out.set(r.parent_id!, list);
      }
    }
    return out;
  }

  /** Writes the changed fields (state changes go through capture/states `transition`). */
  update(id: string, patch: DocumentPatch): DocumentRecord {
    const current = this.get(id);
    if (!current) throw new Error(`Document introuvable : ${id}`);
    const next: DocumentRecord = { ...current, ...patch, id, updatedAt: nowIso() };
    stmt(this.db, `UPDATE documents SET ${UPDATABLE.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(
      toRow(next),
    );
    return next;
  }

  findByFingerprint(profileId: string, hex: string): DocumentRecord[] {
    return (
      stmt(
        this.db, // `+profile_id` keeps SQLite on the fingerprint index (the profile indexes would scan a whole commune).
        'SELECT * FROM documents WHERE fingerprint_hex = ? AND +profile_id = ? ORDER BY created_at',
      ).all(hex, profileId) as Row[]
    ).map(documentFromRow);
  }

  findBySource(profileId: string, sourcePath: string): DocumentRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM documents WHERE profile_id = ? AND source_path = ? ORDER BY created_at').all(
        profileId,
        sourcePath,
      ) as Row[]
    ).map(documentFromRow);
  }

  findByActKey(profileId: string, actKey: string): DocumentRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM documents WHERE profile_id = ? AND act_key = ? ORDER BY created_at').all(
        profileId,
        actKey,
      ) as Row[]
    ).map(documentFromRow);
  }

  /** What the reconciliation scan needs: the latest known (size, mtime) per source path. */
  knownFiles(profileId: string, folderId?: string): Map<string, { size: number; mtimeMs: number; id: string }> {
    const rows = (
      folderId
        ? stmt(
            this.db,
            'SELECT id, source_path, size, mtime_ms FROM documents WHERE profile_id = ? AND folder_id = ? ORDER BY created_at',
          ).all(profileId, folderId)
        : stmt(
            this.db,
            'SELECT id, source_path, size, mtime_ms FROM documents WHERE profile_id = ? ORDER BY created_at',
          ).all(profileId)
    ) as Array<{ id: string; source_path: string; size: number; mtime_ms: number }>;
    const map = new Map<string, { size: number; mtimeMs: number; id: string }>();
    for (const r of rows) map.set(r.source_path, { size: r.size, mtimeMs: r.mtime_ms, id: r.id });
    return map;
  }

  list(
    filter: DocumentFilter = {},
    page: { offset?: number; limit?: number } = {},
    sort: DocumentSort = 'newest',
  ): DocumentPage {
    const { where, params } = buildWhere(filter);
    const total = (stmt(this.db, `SELECT count(*) AS n FROM documents d ${where}`).get(...params) as { n: number }).n;
    const limit = Math.max(1, Math.min(page.limit ?? 100, 1000));
    const offset = Math.max(0, page.offset ?? 0);
    const rows = stmt(
      this.db,
      `SELECT ${WITH_REFERENCE} FROM documents d ${where} ORDER BY ${ORDER_BY[sort]} LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as Row[];
    return { items: rows.map(documentFromRow), total };
  }

  /** EVERY document a transfer carries (what the sync engine moves with it), newest first as the lists show them. */
  ofTransfer(transferId: string): DocumentRecord[] {
    const sql = 'SELECT * FROM documents d WHERE transfer_id = ? ORDER BY d.created_at DESC, d.id DESC';
    return (stmt(this.db, sql).all(transferId) as Row[]).map(documentFromRow);
  }

  countOfTransfer(transferId: string): number {
    return (stmt(this.db, 'SELECT count(*) AS n FROM documents WHERE transfer_id = ?').get(transferId) as { n: number })
      .n;
  }

  /** Counts per state (every state present, zero included). */
  countByState(filter: Omit<DocumentFilter, 'state'> = {}): Record<DocumentState, number> {
    const { where, params } = buildWhere(filter);
    const out = Object.fromEntries(DOCUMENT_STATES.map((s) => [s, 0])) as Record<DocumentState, number>;
    const rows = stmt(this.db, `SELECT d.state AS state, count(*) AS n FROM documents d ${where} GROUP BY d.state`).all(
      ...params,
    ) as Array<{
      state: DocumentState;
      n: number;
    }>;
    for (const r of rows) out[r.state] = r.n;
    return out;
  }
}
