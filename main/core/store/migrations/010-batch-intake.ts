// Intake of large batches (issue 18). Indexing each new document for search row by row (the
// FTS insert trigger) cost ~100 µs per file, most of a recorded file; one INSERT … SELECT for
// a whole batch costs a fifth of that. A batch therefore writes a row in
// `search_index_deferred` (the first rowid it may add, minus one) inside its transaction:
// while it is there, the triggers leave the rows after that mark alone, and the batch indexes
// them all at its end, in the same transaction (store/documents.ts withBatchedSearchIndex).
// Every other insert, update or delete (and any tool using the database directly) keeps the
// per-row triggers. documents_relative goes: the one query that used it (latestSeal) is as
// narrow on documents_source (profile_id, source_path), and each index is written per file.
import type { Migration } from './migration';

export const migration010: Migration = {
  version: 10,
  name: 'batch-intake',
  sql: `
DROP INDEX documents_relative;

CREATE TABLE search_index_deferred (
  after_rowid INTEGER NOT NULL
);

DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_update;
DROP TRIGGER documents_fts_delete;

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE new.rowid > after_rowid) BEGIN
  INSERT INTO documents_fts(rowid, objet, file_name, keys)
    VALUES (new.rowid, coalesce(new.objet, ''), new.file_name, new.search_keys);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF metadata, file_name ON documents
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.rowid > after_rowid) BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
  INSERT INTO documents_fts(rowid, objet, file_name, keys)
    VALUES (new.rowid, coalesce(new.objet, ''), new.file_name, new.search_keys);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred WHERE old.rowid > after_rowid) BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
END;
`,
};
