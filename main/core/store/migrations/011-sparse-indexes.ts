// Intake of large batches (issue 18): three indexes of documents hold a column that is NULL
// for most rows when they are written — transfer_id (set when a document is queued),
// parent_id (annexes and signatures only), folder_id (watched folders only; drops and the
// CLI have none). Each insert still wrote an entry into each of them, and each state change
// rewrote the folder one (it holds updated_at). As partial indexes (WHERE … IS NOT NULL) they
// leave those rows out; every query that reads them compares the column with a value
// (`= ?`, `IN (…)`, a join) or asks `IS NOT NULL`, which SQLite matches with such an index.
import type { Migration } from './migration';

export const migration011SparseIndexes: Migration = {
  version: 11,
  name: 'sparse-indexes',
  sql: `
DROP INDEX documents_transfer;
CREATE INDEX documents_transfer ON documents(transfer_id) WHERE transfer_id IS NOT NULL;
DROP INDEX documents_parent;
CREATE INDEX documents_parent ON documents(parent_id) WHERE parent_id IS NOT NULL;
DROP INDEX documents_folder_state;
CREATE INDEX documents_folder_state ON documents(folder_id, state, updated_at) WHERE folder_id IS NOT NULL;
`,
};
