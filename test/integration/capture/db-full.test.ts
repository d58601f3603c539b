// The data folder's disk fills up between a file's vault copy and its record: the database
// (next to the vault, as installed) cannot take the record. The user is told the disk is full,
// in French, and the file is recorded on its own once space is back (review rev1). Before, the
// raw SQLite text (« database or disk is full ») was shown and a dropped file was never retried.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'db-full-child.ts');

let dir = '';
scratchDir('sceau-db-full-', (d) => (dir = d));

describe('database disk full after the seal', () => {
  it('told as a full disk, then recorded on its own once space is back', { timeout: 60_000 }, (ctx) => {
    const out = mountedChildReport<{
      first: { results: Array<{ kind: string; message?: string }> };
      documentsWhileFull: number;
      recorded: boolean;
      errors: Array<{ path: string; message: string }>;
      copies: Array<{ hex: string; copyHash: string }>;
      chainOk: boolean;
    }>(ctx, 'db-full', {
      fsType: 'tmpfs',
      options: 'size=4m',
      mountPoint: join(dir, 'disque'),
      child: CHILD,
      args: [dir],
    });
    if (!out) return;
    expect(out.first.results[0]).toMatchObject({ kind: 'error' });
    expect(out.first.results[0]!.message).toMatch(/disque plein.*libérez de la place/);
    expect(out.first.results[0]!.message).not.toMatch(/database|SQLITE/i);
    expect(out.documentsWhileFull).toBe(0);
    expect(out.recorded).toBe(true);
    expect(out.copies).toHaveLength(1);
    expect(out.copies[0]!.copyHash).toBe(out.copies[0]!.hex);
    expect(out.chainOk).toBe(true);
  });
});
