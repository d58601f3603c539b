// A file replaced by a symbolic link after it was found stable, before (or while) it is sealed
// (review rev1, MEDIUM). The checks upstream use lstat, but every seal path opened the path
// following links: the link's target — any file the user can read, outside every watched or
// dropped folder — was sealed and recorded under the path's name. Now no seal path follows a
// link, except for a link the user dropped by itself (followLink).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealBatchSync } from '../../../main/core/seal/seal-batch';
import { sealFile, SealError } from '../../../main/core/seal/seal';
import { prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';
import { SealStep } from '../../../main/core/capture/seal-step';
import { EventBus } from '../../../main/core/events';

let dir: string;
let vault: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-seal-link-'));
  vault = join(dir, 'coffre');
  await prepareVault(vault);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A secret outside the captured folders, and a « document » that is a link to it. */
function linkToSecret(size: number): { link: string; secret: Buffer } {
  const secret = randomBytes(size);
  writeFileSync(join(dir, 'secret.key'), secret);
  const link = join(dir, 'Délibération 2024-001.pdf');
  symlinkSync(join(dir, 'secret.key'), link);
  return { link, secret };
}

const inVault = (b: Buffer): boolean => existsSync(vaultAbsolutePath(vault, `sha256/${sha(b).slice(0, 2)}/${sha(b)}`));

describe('a seal never follows a symbolic link it was not asked to follow', () => {
  for (const durability of ['syncfs', 'per-file'] as const) {
    it(`small-file batch (${durability}): not sealed here, the target never copied`, () => {
      const { link, secret } = linkToSecret(5000);
      const [o] = sealBatchSync({ vaultDir: vault, algorithm: 'sha256', slot: 'w0', durability, sources: [link] });
      expect(o).toEqual({ kind: 'retry', reason: 'symlink' });
      expect(inVault(secret)).toBe(false);
    });
  }

  const ways = [
    ['in this thread', {}],
    ['whole in a worker', { workerThreshold: 1 }],
    ['two threads (pipeline)', { workerThreshold: 1, pipeline: { chunkBytes: 64 * 1024, slots: 4 } }],
  ] as const;
  for (const [name, options] of ways) {
    it(`streamed seal, ${name}: refused in French, the target never copied`, async () => {
      const { link, secret } = linkToSecret(300 * 1024);
      const err = await sealFile(link, vault, { ...options, retryDelayMs: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SealError);
      expect((err as SealError).message).toMatch(/lien symbolique/);
      expect(inVault(secret)).toBe(false);
      // Asked to follow it (a link dropped by itself): its target is sealed.
      const r = await sealFile(link, vault, { ...options, followSymlinks: true });
      expect(r.fingerprint.hex).toBe(sha(secret));
    });
  }

  it('the capture step: a link only when the candidate says so', async () => {
    const { link, secret } = linkToSecret(5000);
    const step = new SealStep({
      vaultDir: vault,
      bus: new EventBus(),
      algorithm: 'sha256',
      concurrency: 1,
      retryDelayMs: 1,
    });
    await expect(step.seal(link, secret.length)).rejects.toThrow(/lien symbolique/);
    expect(inVault(secret)).toBe(false);
    const r = await step.seal(link, secret.length, false, true);
    expect(r.seal.fingerprint.hex).toBe(sha(secret));
  });
});
