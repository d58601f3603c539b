// One transfer the archive keeps pending for days (an archivist must validate it by hand) must
// not hold back the tracking of the transfers sent after it: their verdicts are fetched.
import { afterEach, describe, it } from 'vitest';
import { makeHarness, type SyncHarness } from './harness';
import { SqliteSyncQueue } from '../../../main/core/store/sync-queue';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('tracking', () => {
  it('a transfer pending for two days does not stop the next transfer’s verdict from being fetched', async () => {
    h = await makeHarness({ kind: 'asalae' });
    // Sent two days ago, never answered (the archive does not know it yet: always pending).
    const stuck = h.transfers.insert({
      profileId: h.profileId,
      messageIdentifier: 'STUCK-1',
      totalBytes: 10,
      bordereauPath: '/nonexistent/bordereau.xml',
      packagePath: null,
    });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    h.db
      .prepare("UPDATE transfers SET state = 'sent', attempts = 1, sent_at = ?, next_attempt_at = ? WHERE id = ?")
      .run(twoDaysAgo, twoDaysAgo, stuck.id);
    new SqliteSyncQueue(h.db).setAgency(stuck.id, 'FRAD000');
    const t = await h.addTransfer('asalae');
    const engine = h.engine();
    engine.start();
    await h.waitStates([t.id], ['accepted'], 10_000);
  });
});
