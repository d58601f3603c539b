// Child for the large-file seal's fault tests (seal-pipe-faults.test.ts), run with the
// project's TypeScript hooks:
// - `full <dir>`: the vault is on a 2 MiB file system mounted at <dir>/disque; a 6 MiB file
//   is sealed through the two-thread pipeline; prints what the seal answered and what the
//   vault holds afterwards;
// - `loop <dir>`: seals fresh 24 MiB files into <dir>/coffre forever (the parent SIGKILLs it),
//   printing `sealing` before each seal and `sealed <hex>` after.
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealInWorker, SealError, workerEntry } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault } from '../../../main/core/seal/vault';

const [mode, dir] = process.argv.slice(2) as [string, string];
const entry = workerEntry();
if (!entry) throw new Error('no seal worker entry');
const pipeline = { chunkBytes: 256 * 1024, slots: 4 };

if (mode === 'full') {
  const vault = join(dir, 'disque', 'coffre');
  await prepareVault(vault);
  const src = join(dir, 'gros.pdf');
  writeFileSync(src, randomBytes(6 * 1024 * 1024));
  const r = await sealInWorker(entry, src, vault, { pipeline }).then(
    () => ({ kind: 'sealed' }),
    (e: unknown) => ({
      kind: 'error',
      code: e instanceof SealError ? e.code : 'not a SealError',
      message: (e as Error).message,
    }),
  );
  const entries = readdirSync(vault).filter((n) => n !== '.tmp');
  process.stdout.write(`${JSON.stringify({ r, leftovers: leftoverTempFiles(vault), entries })}\n`);
} else {
  const vault = join(dir, 'coffre');
  await prepareVault(vault);
  for (let i = 0; ; i++) {
    const src = join(dir, `acte-${i % 2}.pdf`);
    writeFileSync(src, randomBytes(24 * 1024 * 1024));
    process.stdout.write('sealing\n');
    const r = await sealInWorker(entry, src, vault, { pipeline: { chunkBytes: 1024 * 1024, slots: 4 } });
    process.stdout.write(`sealed ${r.fingerprint.hex}\n`);
  }
}
