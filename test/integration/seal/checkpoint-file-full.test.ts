// The checkpoint register (points-de-controle.jsonl, the third witness of every journal-head
// token) appended on a full disk (review rev1, LOW). Before: one write(2), its count ignored —
// a line written in part was taken as written (no error, the caller moved on) and the next
// append glued onto the torn line, so both checkpoints were missing from the file for good.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'checkpoint-file-full-child.ts');

let dir = '';
scratchDir('sceau-checkpoints-full-', (d) => (dir = d));

describe('checkpoint register on a full disk', () => {
  it(
    'a line written in part fails the append; appended again, every checkpoint reads back',
    { timeout: 60_000 },
    (ctx) => {
      const out = mountedChildReport<{ fullAppend: string | null; seqs: number[] }>(ctx, 'checkpoint-file-full', {
        fsType: 'tmpfs',
        options: 'size=64k',
        mountPoint: join(dir, 'disque'),
        child: CHILD,
        args: [dir],
      });
      if (!out) return;
      expect(out.fullAppend).toBe('ENOSPC');
      expect(out.seqs).toEqual([10, 300, 301]);
    },
  );
});
