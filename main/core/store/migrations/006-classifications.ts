// The classification each collectivité received from its prefecture (PROTOCOLS §4: "the
// full list is per collectivité: make it data"). No row: the national base applies.
import type { Migration } from './migration';

export const migration006: Migration = {
  version: 6,
  name: 'classifications',
  sql: `
CREATE TABLE classifications (
  profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  classification_date TEXT,
  imported_at TEXT NOT NULL,
  entries TEXT NOT NULL
);
`,
};
