// A vault on a file system that refuses O_DIRECT — and, like ramfs, refuses it only after
// creating the file: large files are still sealed, byte-exact, through the page cache.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'no-direct-io-child.ts');

let dir = '';
scratchDir('sceau-ramfs-', (d) => (dir = d));

describe('vault on a file system without direct I/O', () => {
  it('large files are sealed through the page cache, in-thread and in a worker', { timeout: 60_000 }, (ctx) => {
    const out = mountedChildReport<{
      sealed: Array<{ size: number; same: boolean; fingerprintOk: boolean; worker: boolean }>;
      leftovers: string[];
    }>(ctx, 'no-direct-io', {
      fsType: 'ramfs',
      mountPoint: join(dir, 'ramfs'),
      child: CHILD,
      args: [dir],
      silent: true,
    });
    if (!out) return;
    expect(out.sealed).toHaveLength(3);
    for (const s of out.sealed) expect(s).toMatchObject({ same: true, fingerprintOk: true });
    expect(out.leftovers).toEqual([]);
  });
});
