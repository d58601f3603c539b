// Initial schema: profiles, watched folders, documents (+ full-text search), transfers,
// settings and the append-only journal.
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  siren TEXT NOT NULL DEFAULT '',
  archive_kind TEXT NOT NULL CHECK (archive_kind IN ('demo','asalae','vitam')),
  endpoints TEXT NOT NULL DEFAULT '[]',
  seda_version TEXT NOT NULL DEFAULT '2.1' CHECK (seda_version IN ('2.1','2.2')),
  archival_agency_id TEXT NOT NULL DEFAULT '',
  transferring_agency_id TEXT NOT NULL DEFAULT '',
  originating_agency_id TEXT NOT NULL DEFAULT '',
  submission_agency_id TEXT NOT NULL DEFAULT '',
  archival_agreement TEXT NOT NULL DEFAULT '',
  archival_profile TEXT NOT NULL DEFAULT '',
  vitam_tenant INTEGER,
  vitam_context TEXT,
  login TEXT,
  tls TEXT NOT NULL DEFAULT '{}',
  rules TEXT NOT NULL DEFAULT '[]',
  options TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE watched_folders (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto','native','polling')),
  exclusions TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (profile_id, path)
);

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  folder_id TEXT REFERENCES watched_folders(id) ON DELETE SET NULL,
  source_path TEXT NOT NULL,
  relative_path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  fingerprint_alg TEXT NOT NULL CHECK (fingerprint_alg IN ('sha256','sha512')),
  fingerprint_hex TEXT NOT NULL,
  vault_path TEXT NOT NULL,
  state TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  metadata_source TEXT NOT NULL DEFAULT 'rules' CHECK (metadata_source IN ('rules','user')),
  rule_name TEXT,
  missing_fields TEXT NOT NULL DEFAULT '[]',
  role TEXT NOT NULL DEFAULT 'act' CHECK (role IN ('act','annex','signature')),
  act_key TEXT,
  parent_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
  transfer_id TEXT,
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  forced INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL CHECK (origin IN ('watch','drop','cli')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  nature TEXT GENERATED ALWAYS AS (json_extract(metadata, '$.nature')) VIRTUAL,
  act_year TEXT GENERATED ALWAYS AS (substr(json_extract(metadata, '$.date'), 1, 4)) VIRTUAL,
  objet TEXT GENERATED ALWAYS AS (json_extract(metadata, '$.objet')) VIRTUAL
);
CREATE INDEX documents_profile_state ON documents(profile_id, state);
CREATE INDEX documents_fingerprint ON documents(fingerprint_hex);
CREATE INDEX documents_transfer ON documents(transfer_id);
CREATE INDEX documents_relative ON documents(profile_id, relative_path);
CREATE INDEX documents_parent ON documents(parent_id);
CREATE INDEX documents_act_key ON documents(profile_id, act_key);
CREATE INDEX documents_profile_nature ON documents(profile_id, nature);
CREATE INDEX documents_profile_year ON documents(profile_id, act_year);
CREATE INDEX documents_created ON documents(created_at);

-- Substring search on objet + file name (trigram: accents folded, case-insensitive).
CREATE VIRTUAL TABLE documents_fts USING fts5(
  objet, file_name, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, objet, file_name) VALUES (new.rowid, coalesce(new.objet, ''), new.file_name);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF metadata, file_name ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
  INSERT INTO documents_fts(rowid, objet, file_name) VALUES (new.rowid, coalesce(new.objet, ''), new.file_name);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.rowid;
END;

CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  profile_id TEXT NOT NULL REFERENCES profiles(id),
  message_identifier TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'act' CHECK (kind IN ('act','folder')),
  state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','acknowledged','accepted','rejected','failed')),
  endpoint_index INTEGER NOT NULL DEFAULT 0,
  operation_id TEXT,
  bordereau_path TEXT,
  package_path TEXT,
  total_bytes INTEGER NOT NULL DEFAULT 0,
  sent_bytes INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  resume_state TEXT,
  last_error TEXT,
  ack_xml TEXT,
  reply_xml TEXT,
  reply_code TEXT,
  reply_comment TEXT,
  archive_reference TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  acknowledged_at TEXT,
  replied_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX transfers_profile_state ON transfers(profile_id, state);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  document_id TEXT,
  profile_id TEXT,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX journal_document ON journal(document_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
`,
};
