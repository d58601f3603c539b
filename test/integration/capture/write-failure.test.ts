// A vault write that fails must fail the seal, whenever it fails. The seal loop keeps its
// writes' promises and waits for them at sync; a write that had already failed by then was
// forgotten, and a copy with a hole (a later chunk written, an earlier one refused) was
// recorded as sealed (CI10: a 3 MiB file « sealed » in a 2 MiB vault). A real full disk: a
// 1 MiB tmpfs in a private mount namespace.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'write-failure-child.ts');

let dir = '';
scratchDir('sceau-write-failure-', (d) => (dir = d));

describe('a vault write refused for lack of space', () => {
  it(
    'is reported by sync() even once settled; no seal of a file larger than the disk succeeds',
    { timeout: 60_000 },
    (ctx) => {
      const out = mountedChildReport<{
        buffered: { writeFailed: string | null; syncFailed: string | null };
        direct: { writeFailed: string | null; syncFailed: string | null };
        seals: Array<{ ok: boolean; code?: string }>;
        vaultFiles: string[];
      }>(ctx, 'write-failure', {
        fsType: 'tmpfs',
        options: 'size=1m',
        mountPoint: join(dir, 'disque'),
        child: CHILD,
        args: [dir],
      });
      if (!out) return;
      for (const w of [out.buffered, out.direct]) {
        expect(w.writeFailed).toBe('ENOSPC');
        expect(w.syncFailed).toBe('ENOSPC');
      }
      // Twelve tries, each a disk-full failure the capture retries later; nothing kept.
      expect(out.seals).toEqual(Array.from({ length: 12 }, () => ({ ok: false, code: 'transient' })));
      expect(out.vaultFiles).toEqual([]);
    },
  );
});
