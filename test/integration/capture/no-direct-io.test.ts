// A vault on a file system that refuses O_DIRECT — and, like ramfs, refuses it only after
// creating the file: large files are still sealed, byte-exact, through the page cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountFlagsOrSkip, runWithMount } from '../../tools/mount-namespace';

const CHILD = join(import.meta.dirname, 'no-direct-io-child.ts');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-ramfs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vault on a file system without direct I/O', () => {
  it('large files are sealed through the page cache, in-thread and in a worker', { timeout: 60_000 }, (ctx) => {
    const flags = mountFlagsOrSkip(ctx, 'no-direct-io');
    if (!flags) return;
    const r = runWithMount({ flags, fsType: 'ramfs', mountPoint: join(dir, 'ramfs'), child: CHILD, args: [dir] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      sealed: Array<{ size: number; same: boolean; fingerprintOk: boolean; worker: boolean }>;
      leftovers: string[];
    };
    expect(out.sealed).toHaveLength(3);
    for (const s of out.sealed) expect(s).toMatchObject({ same: true, fingerprintOk: true });
    expect(out.leftovers).toEqual([]);
  });
});
