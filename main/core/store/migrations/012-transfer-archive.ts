// Which archive a transfer went to. A commune that leaves the demonstration archive for the
// real one keeps its earlier deposits: their receipts and evidence packages must still say
// « démonstration », and a document of a demo commune must say so wherever it is shown.
// Until now both read the commune's current kind. Rows already sent take the commune's kind
// of today, the best that is known of them.
import type { Migration } from './migration';

export const migration012TransferArchive: Migration = {
  version: 12,
  name: 'transfer-archive',
  sql: `
ALTER TABLE transfers ADD COLUMN archive_kind TEXT CHECK (archive_kind IN ('demo','asalae','vitam'));
UPDATE transfers SET archive_kind = (SELECT archive_kind FROM profiles WHERE profiles.id = transfers.profile_id)
  WHERE sent_at IS NOT NULL;
`,
};
