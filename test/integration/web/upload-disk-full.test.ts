// The web host's inbox on a full disk (a real 1 MiB tmpfs in a private mount namespace): an
// upload that does not fit is refused with 507 and a French message saying the disk is full,
// not a bare « Erreur du service local. » (nor a reset of the next request on that kept-alive
// connection); it leaves nothing, and the next upload that fits lands.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountedChildReport } from '../../tools/mount-namespace';
import { bundle } from '../sync/child-process';

let dir: string;
/** Bundled: the host's modules use TypeScript the source hooks do not strip (parameter properties). */
let child: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-upload-disk-full-'));
  child = await bundle(join(import.meta.dirname, 'children', 'upload-disk-full-child.ts'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  error: string | null;
}

describe('uploads when the inbox disk is full', () => {
  it('one file, a batch with a big file, a batch of small ones: 507 in French, nothing left', (ctx) => {
    const out = mountedChildReport<{
      single: Answer;
      bigInBatch: Answer;
      smallOnes: Answer;
      left: string[];
      after: Answer;
    }>(ctx, 'upload-disk-full', {
      fsType: 'tmpfs',
      options: 'size=1m',
      mountPoint: join(dir, 'disque'),
      child,
      args: [dir],
    });
    if (!out) return;
    for (const answer of [out.single, out.bigInBatch, out.smallOnes]) {
      expect(answer.status).toBe(507);
      expect(answer.error).toMatch(/^Disque plein/);
      expect(answer.error).toContain('’');
    }
    expect(out.left).toEqual([]);
    // On the same kept-alive connection as the refusals: each refusal closed its own.
    expect(out.after).toEqual({ status: 200, error: null });
  });
});
