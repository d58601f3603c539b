// The vault's folders removed under a running Sceau (by hand, a cleaning tool that empties
// hidden « .tmp » folders, another Sceau process starting on the same data folder and clearing
// its temp files). Review rev1, MEDIUM: the streamed seal (every file over 1 MiB, and any drop
// of up to four files) took the vault's ENOENT for the source's and answered « Le fichier a
// disparu » — a watched file was then silently dropped, and every later streamed seal failed the
// same way until a restart. The small-file batches already made their folders again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealFile, SealError, type SealFileOptions } from '../../../main/core/seal/seal';
import { prepareVault, vaultAbsolutePath, VAULT_TMP } from '../../../main/core/seal/vault';

let dir: string;
let vault: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-vault-removed-'));
  vault = join(dir, 'coffre');
  await prepareVault(vault);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const ways: Array<[string, SealFileOptions]> = [
  ['in this thread', {}],
  ['whole in a worker', { workerThreshold: 1 }],
  ['two threads (pipeline)', { workerThreshold: 1, pipeline: { chunkBytes: 64 * 1024, slots: 4 } }],
];

describe('streamed seal into a vault whose folders were removed meanwhile', () => {
  for (const [name, options] of ways) {
    it(`${name}: the whole vault removed → made again, the copy byte-exact at its address`, async () => {
      // One seal first: this thread now knows the vault's folders.
      const before = randomBytes(300 * 1024);
      writeFileSync(join(dir, 'avant.pdf'), before);
      await sealFile(join(dir, 'avant.pdf'), vault, options);
      rmSync(vault, { recursive: true, force: true });
      const data = randomBytes(300 * 1024);
      const src = join(dir, 'Registre 2024.pdf');
      writeFileSync(src, data);
      const r = await sealFile(src, vault, options);
      expect(r.fingerprint.hex).toBe(sha(data));
      expect(readFileSync(vaultAbsolutePath(vault, r.vaultPath)).equals(data)).toBe(true);
      expect(existsSync(join(vault, VAULT_TMP))).toBe(true);
    });
  }

  for (const [name, options] of ways.filter(([, o]) => o.workerThreshold === undefined || o.pipeline)) {
    it(`${name}: its temp file removed while it is written → retried later, never « disparu »`, async () => {
      const data = randomBytes(40 * 1024 * 1024);
      const src = join(dir, 'Plan cadastral.pdf');
      writeFileSync(src, data);
      let cleared = 0;
      const err = await sealFile(src, vault, {
        ...options,
        onProgress: (bytes, total) => {
          if (bytes >= total || cleared > 0) return;
          // What another Sceau starting on the same data folder does (prepareVault).
          for (const f of readdirSync(join(vault, VAULT_TMP))) unlinkSync(join(vault, VAULT_TMP, f));
          cleared++;
        },
      }).catch((e: unknown) => e);
      expect(cleared).toBe(1);
      expect(err).toBeInstanceOf(SealError);
      expect((err as SealError).code).toBe('transient');
      expect((err as SealError).message).not.toMatch(/disparu avant/);
      // Taken up again: sealed.
      const r = await sealFile(src, vault, options);
      expect(readFileSync(vaultAbsolutePath(vault, r.vaultPath)).equals(data)).toBe(true);
    });
  }
});
