// The vault's disk fills up: the files that could not be sealed are taken up again on their
// own once space is back (dropped and watched alike), with a French message meanwhile.
// A real full file system: a 2 MiB tmpfs mounted in a private mount namespace (unshare),
// so nothing is left mounted whatever happens to the test.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'disk-full-child.ts');

let dir = '';
scratchDir('sceau-disk-full-', (d) => (dir = d));

describe('vault disk full', () => {
  it('files refused for lack of space are sealed on their own once space is freed', { timeout: 60_000 }, (ctx) => {
    const out = mountedChildReport<{
      first: { results: Array<{ kind: string; message?: string }> };
      bothFailed: boolean;
      failuresWhileFull: number;
      documentsWhileFull: number;
      freedAt: number;
      sealed: boolean;
      errors: Array<{ path: string; message: string; at: number }>;
      rows: Array<{ fingerprint_hex: string; copyHash: string; sameAsSource: boolean; state: string }>;
    }>(ctx, 'disk-full', {
      fsType: 'tmpfs',
      options: 'size=2m',
      mountPoint: join(dir, 'disque'),
      child: CHILD,
      args: [dir],
    });
    if (!out) return;
    // Told at once, in French, for the dropped file…
    expect(out.first.results[0]).toMatchObject({ kind: 'error' });
    expect(out.first.results[0]!.message).toMatch(/disque plein.*libérez de la place ; le dépôt reprendra/);
    // …and for the watched one; retried while full (more failures than files), nothing recorded.
    expect(out.bothFailed).toBe(true);
    expect(out.failuresWhileFull).toBeGreaterThan(2);
    expect(out.documentsWhileFull).toBe(0);
    // Space back: both sealed without any new event on the files or action from the user.
    expect(out.sealed).toBe(true);
    expect(out.rows).toHaveLength(2);
    for (const row of out.rows) {
      expect(row.copyHash).toBe(row.fingerprint_hex);
      expect(row.sameAsSource).toBe(true);
      expect(row.state).not.toBe('failed');
    }
  });

  it('a polled folder does not pile attempts on a file waiting for its retry', { timeout: 60_000 }, (ctx) => {
    const polled = mkdtempSync(join(tmpdir(), 'sceau-disk-full-poll-'));
    try {
      const out = mountedChildReport<{ failuresWhileFull: number; sealed: boolean; errors: Array<{ path: string }> }>(
        ctx,
        'disk-full',
        {
          fsType: 'tmpfs',
          options: 'size=2m',
          mountPoint: join(polled, 'disque'),
          child: CHILD,
          args: [polled, 'polling'],
        },
      );
      if (!out) return;
      // Listed ~10 times a second while full, yet each file failed once: its next attempt
      // belongs to its retry timer (3 s), not to every listing.
      expect(out.failuresWhileFull).toBe(2);
      expect(out.sealed).toBe(true);
    } finally {
      rmSync(polled, { recursive: true, force: true });
    }
  });
});
