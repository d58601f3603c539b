// Looking a file up by its source path (rename detection, reconciliation) must not scan a
// whole profile: with 100,000 documents that made every intake quadratic.
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'source-index',
  sql: `
CREATE INDEX documents_source ON documents(profile_id, source_path);
`,
};
