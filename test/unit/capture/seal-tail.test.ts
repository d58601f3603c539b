// The PDF end check (« à vérifier » for a PDF that stops short) must judge the bytes that were
// sealed (review rev1, MEDIUM). A streamed seal (a file over 1 MiB, a drop of up to four files)
// gave no tail: the record step read the end of the SOURCE instead, which may have been finished
// since (a writer that preallocates its file, then fills it). A copy sealed cut off was then
// judged complete and left « prêt » for deposit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSync, readFileSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealStep } from '../../../main/core/capture/seal-step';
import { recordSealedFile } from '../../../main/core/capture/record';
import { Journal } from '../../../main/core/seal/journal';
import { prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';
import { CHECK_REASONS } from '../../../main/contract/messages';
import { makeFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(async () => {
  fx = makeFixture('sceau-seal-tail-');
  await prepareVault(fx.vaultDir);
});
afterEach(() => fx.cleanup());

describe('the PDF end check reads the sealed bytes', () => {
  for (const [name, size, few] of [
    ['a large file', 3 * 1024 * 1024, false],
    ['a single drop', 200 * 1024, true],
  ] as const) {
    it(`${name}: sealed cut off, finished afterwards → still « à vérifier »`, async () => {
      const path = join(fx.dir, 'DE_2024_001_budget primitif.pdf');
      // A writer that sized its file first: the header is there, the end still zeros.
      const pdf = Buffer.alloc(size);
      pdf.write('%PDF-1.7\n', 0);
      writeFileSync(path, pdf);
      const step = new SealStep({
        vaultDir: fx.vaultDir,
        bus: fx.bus,
        algorithm: 'sha256',
        concurrency: 1,
        retryDelayMs: 1,
      });
      const { seal, head, tail } = await step.seal(path, size, few);
      // The writer finishes the same bytes in place: the end now says %%EOF.
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.from('\n%%EOF\n'), 0, 7, size - 7);
      closeSync(fd);
      const copy = readFileSync(vaultAbsolutePath(fx.vaultDir, seal.vaultPath));
      expect(copy.subarray(-7).includes('%%EOF')).toBe(false);
      const { outcome } = recordSealedFile(fx.db, new Journal(fx.db), {
        profileId: fx.profileId,
        folderId: null,
        sourcePath: path,
        relativePath: 'DE_2024_001_budget primitif.pdf',
        origin: 'drop',
        seal,
        head,
        ...(tail ? { tail } : {}),
      });
      expect(outcome.document.reason ?? '').toContain(CHECK_REASONS.truncatedPdf);
    });
  }
});
