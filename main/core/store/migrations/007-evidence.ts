// Evidence that holds after a TSA change: each granted token keeps the certificate chain of
// the TSA that issued it (trust_pem), and the hashes of the journal entries it newly covers
// (covered_hashes, comma-separated, oldest first) so a rechained journal names the edited entry.
import type { Migration } from './migration';

export const migration007: Migration = {
  version: 7,
  name: 'evidence',
  sql: `
ALTER TABLE timestamps ADD COLUMN trust_pem TEXT;
ALTER TABLE timestamps ADD COLUMN covered_from_seq INTEGER;
ALTER TABLE timestamps ADD COLUMN covered_hashes TEXT;
-- Evidence-record chain (RFC 4998 in spirit): before a token's TSA certificate expires, a new
-- token stamps the DER of the newest element of its chain; each keeps its own TSA chain.
CREATE TABLE timestamp_renewals (
  id INTEGER PRIMARY KEY,
  timestamp_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  token BLOB NOT NULL,
  gen_time TEXT NOT NULL,
  tsa_name TEXT,
  trust_pem TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (timestamp_id, position)
);
`,
};
