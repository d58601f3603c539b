// Title of a folder transfer (« Marché 2024-03 voirie »): the root unit's Title, kept with
// the transfer so a retry rebuilds the same bordereau.
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'transfer-title',
  sql: `
ALTER TABLE transfers ADD COLUMN title TEXT;
`,
};
