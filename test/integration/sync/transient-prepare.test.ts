// Building the package hits a passing local fault (the antivirus holds the file: EBUSY; the
// disk is full for a moment: ENOSPC; too many open files: EMFILE): the transfer is retried
// with backoff, not failed for good. A real fault (the package cannot be built) still stops it.
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type SyncHarness } from './harness';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const fsError = (code: string) =>
  Object.assign(new Error(`${code}: resource busy or locked, open 'archive.tar.gz'`), { code });

describe('preparing a transfer', () => {
  it.each(['EBUSY', 'ENOSPC', 'EMFILE'])(
    'a passing %s while preparing is retried, then the transfer leaves',
    async (code) => {
      h = await makeHarness({ kind: 'asalae' });
      const t = await h.addTransfer('asalae');
      let calls = 0;
      const engine = h.engine({
        prepare: async (id) => {
          calls++;
          if (calls <= 2) throw fsError(code);
          return h!.prepared.get(id)!;
        },
      });
      engine.start();
      const [row] = await h.waitStates([t.id], ['sent', 'acknowledged', 'accepted'], 10_000);
      expect(calls).toBe(3);
      expect(row?.state).not.toBe('failed');
    },
  );

  it('a package that cannot be built still fails with its reason', async () => {
    h = await makeHarness({ kind: 'asalae' });
    const t = await h.addTransfer('asalae');
    const engine = h.engine({
      prepare: async () => {
        throw new Error('bordereau invalide');
      },
    });
    engine.start();
    const [row] = await h.waitStates([t.id], ['failed'], 10_000);
    expect(row?.nextAttemptAt).toBeNull();
    expect(row?.lastError).toMatch(/bordereau invalide/);
  });
});
