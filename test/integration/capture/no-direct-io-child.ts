// Child for the "file system without direct I/O" test: the parent's wrapper mounted a ramfs
// (which refuses O_DIRECT, after creating the file) at <dir>/ramfs, in a private namespace.
// Seals large files into a vault there and prints what it found, checked from inside.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealFile } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';

const [dir] = process.argv.slice(2) as [string];
const vault = join(dir, 'ramfs', 'coffre');
await prepareVault(vault);
const out: Array<{ size: number; same: boolean; fingerprintOk: boolean; worker: boolean }> = [];
for (const [size, worker] of [
  [6 * 1024 * 1024 + 3, false],
  [5 * 1024 * 1024, true],
  // Large enough for the two-thread pipeline (seal-pipe.ts): the caller writes the copy.
  [9 * 1024 * 1024 + 3, true],
] as const) {
  const data = randomBytes(size);
  const src = join(dir, `registre-${size}.pdf`);
  writeFileSync(src, data);
  const r = await sealFile(src, vault, { workerThreshold: worker ? 1 : Infinity });
  const copy = readFileSync(vaultAbsolutePath(vault, r.vaultPath));
  out.push({
    size,
    worker,
    same: copy.equals(data),
    fingerprintOk: createHash('sha256').update(copy).digest('hex') === r.fingerprint.hex,
  });
}
process.stdout.write(JSON.stringify({ sealed: out, leftovers: leftoverTempFiles(vault) }) + '\n');
