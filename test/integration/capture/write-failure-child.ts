// Child for write-failure.test.ts, inside its own mount namespace where the parent's wrapper
// mounted a 1 MiB tmpfs at <dir>/disque. A vault write that fails (the disk is full) must
// fail the seal even when it failed before anybody waited for it: the copy then has a hole
// or a short tail, and only the error says so.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chunkBuffers, createVaultFile } from '../../../main/core/seal/vault-file';
import { sealInThread } from '../../../main/core/seal/seal-core';
import { prepareVault } from '../../../main/core/seal/vault';

const [dir] = process.argv.slice(2) as [string];
const disk = join(dir, 'disque');

/** A 2 MiB write on the 1 MiB disk, its failure seen by the writer only; then `sync()`. */
async function writeThenSync(direct: boolean): Promise<{ writeFailed: string | null; syncFailed: string | null }> {
  const path = join(disk, `copie-${direct ? 'directe' : 'tampon'}.part`);
  const chunks = chunkBuffers(1, 2 * 1024 * 1024, direct);
  const w = await createVaultFile(path, direct && chunks.aligned);
  let writeFailed: string | null = null;
  let syncFailed: string | null = null;
  try {
    chunks.buffers[0]!.fill(7);
    // As the seal loop does: the write's promise is kept, not awaited before sync.
    const written = w.write(chunks.buffers[0]!, 0);
    await written.catch((e: NodeJS.ErrnoException) => (writeFailed = e.code ?? String(e)));
    await w.sync().catch((e: NodeJS.ErrnoException) => (syncFailed = e.code ?? String(e)));
  } finally {
    await w.close().catch(() => undefined);
    chunks.release();
  }
  return { writeFailed, syncFailed };
}

const buffered = await writeThenSync(false);
const direct = await writeThenSync(true);

// The seal: a 3 MiB source outside the small disk, its vault on it.
const source = join(dir, 'gros.pdf');
writeFileSync(source, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]));
const vault = join(disk, 'vault');
mkdirSync(vault);
await prepareVault(vault);
const seals: Array<{ ok: boolean; code?: string }> = [];
for (let i = 0; i < 12; i++) {
  try {
    await sealInThread(source, vault);
    seals.push({ ok: true });
  } catch (e) {
    seals.push({ ok: false, code: (e as { code?: string }).code ?? String(e) });
  }
}
const left = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true, recursive: true })
    .filter((x) => x.isFile())
    .map((x) => join(x.parentPath, x.name));
console.log(JSON.stringify({ buffered, direct, seals, vaultFiles: left(vault) }));
