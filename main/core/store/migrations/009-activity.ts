// The activity feed (« 3 fichiers reçus et scellés — dossier Délibérations », « Connexion à
// l’archive perdue »): a bounded list of one-line French texts, pruned by age and count
// (store/activity.ts). No foreign keys: the feed outlives a removed folder or commune.
// Also the index behind the folder cards' counts and last activity.
import type { Migration } from './migration';

export const migration009: Migration = {
  version: 9,
  name: 'activity',
  sql: `
CREATE TABLE activity (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  profile_id TEXT,
  folder_id TEXT,
  document_id TEXT,
  group_key TEXT,
  count INTEGER NOT NULL DEFAULT 1,
  text TEXT NOT NULL
);
CREATE INDEX activity_profile ON activity(profile_id, id);
CREATE INDEX activity_at ON activity(at);
CREATE INDEX documents_folder_state ON documents(folder_id, state, updated_at);
`,
};
