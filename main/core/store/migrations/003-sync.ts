// Sync engine columns: the TransferringAgency (as@lae keys ACK/ATR by it, so tracking after
// a restart needs it without rebuilding the package) and « Verser ce soir » (night only).
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'sync',
  sql: `
ALTER TABLE transfers ADD COLUMN transferring_agency TEXT;
ALTER TABLE transfers ADD COLUMN night_only INTEGER NOT NULL DEFAULT 0;
CREATE INDEX transfers_state_next ON transfers(state, next_attempt_at);
`,
};
