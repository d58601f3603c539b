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
`,
};
