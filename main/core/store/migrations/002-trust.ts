// Trust: the RFC 3161 timestamp queue. A row is created pending (offline-safe), then holds
// the TSA token once granted. A journal-head token covers every journal entry up to
// subject_seq, because each entry's hash chains all earlier ones.
import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  name: 'trust',
  sql: `
CREATE TABLE timestamps (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('journal-head','document')),
  subject_seq INTEGER,
  subject_hash TEXT,
  document_id TEXT,
  imprint_hex TEXT NOT NULL CHECK (length(imprint_hex) = 64),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','granted','failed')),
  token BLOB,
  gen_time TEXT,
  serial TEXT,
  policy TEXT,
  tsa_name TEXT,
  tsa_url TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'journal-head' AND subject_seq IS NOT NULL AND subject_hash IS NOT NULL)
      OR (kind = 'document' AND document_id IS NOT NULL)),
  CHECK (state <> 'granted' OR (token IS NOT NULL AND gen_time IS NOT NULL))
);
CREATE INDEX timestamps_due ON timestamps(state, next_attempt_at);
CREATE INDEX timestamps_head ON timestamps(kind, state, subject_seq);
CREATE INDEX timestamps_document ON timestamps(document_id);
`,
};
