// Several profiles on one desktop (the commune and its CCAS): a profile held back (refused
// credentials, archive down) with a long queue must not stall the other profile's deposits.
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type SyncHarness } from './harness';
import { ProfileRepository } from '../../../main/core/store/profiles';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('several profiles', () => {
  it('600 transfers of a suspended profile do not hold back another profile’s deposit', async () => {
    h = await makeHarness({ kind: 'asalae' });
    const held = new ProfileRepository(h.db).create({
      name: 'CCAS de Test',
      archiveKind: 'asalae',
      siren: '260000000',
    }).id;
    const tx = h.db.transaction(() => {
      for (let i = 0; i < 600; i++)
        h!.transfers.insert({
          profileId: held,
          messageIdentifier: `CCAS-${i}`,
          totalBytes: 10,
          bordereauPath: '/nonexistent/bordereau.xml',
          packagePath: null,
        });
    });
    tx();
    const t = await h.addTransfer('asalae'); // created after all of them
    const engine = h.engine();
    engine.pauseProfile(held, 'L’archive refuse la connexion pour ce profil.');
    engine.start();
    const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 10_000);
    expect(row?.attempts).toBe(1);
  });

  it('600 transfers of a suspended profile waiting for their reply do not hold back another profile’s tracking', async () => {
    h = await makeHarness({ kind: 'asalae' });
    const held = new ProfileRepository(h.db).create({
      name: 'CCAS de Test',
      archiveKind: 'asalae',
      siren: '260000000',
    }).id;
    const long = new Date(Date.now() - 86_400_000).toISOString();
    h.db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        const r = h!.transfers.insert({
          profileId: held,
          messageIdentifier: `CCAS-${i}`,
          totalBytes: 10,
          bordereauPath: '/nonexistent/bordereau.xml',
          packagePath: null,
        });
        h!.db
          .prepare("UPDATE transfers SET state = 'sent', attempts = 1, sent_at = ?, next_attempt_at = ? WHERE id = ?")
          .run(long, long, r.id);
      }
    })();
    const t = await h.addTransfer('asalae');
    const engine = h.engine();
    engine.pauseProfile(held, 'L’archive refuse la connexion pour ce profil.');
    engine.start();
    await h.waitStates([t.id], ['accepted'], 10_000);
  });
});
