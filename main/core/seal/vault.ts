// Content-addressed vault: <vaultDir>/<alg>/<hex[0..2]>/<hex[2..4]>/<hex>.
// Files arrive as fsynced temp files in <vaultDir>/.tmp and are renamed into place.
import { mkdir, open, rename, stat, unlink, readdir } from 'node:fs/promises';
import { join, dirname, posix } from 'node:path';
import type { Fingerprint } from '../types';

export const VAULT_TMP = '.tmp';

export function vaultRelativePath(fp: Fingerprint): string {
  if (!/^[0-9a-f]{64,128}$/.test(fp.hex)) throw new Error(`Empreinte invalide : ${fp.hex}`);
  return posix.join(fp.algorithm, fp.hex.slice(0, 2), fp.hex.slice(2, 4), fp.hex);
}

export function vaultAbsolutePath(vaultDir: string, relativePath: string): string {
  return join(vaultDir, ...relativePath.split('/'));
}

/** fsync a directory so a rename inside it survives a power cut (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates the vault and removes temp files a crash may have left behind. */
export async function prepareVault(vaultDir: string): Promise<void> {
  const tmp = join(vaultDir, VAULT_TMP);
  await mkdir(tmp, { recursive: true });
  for (const name of await readdir(tmp)) await unlink(join(tmp, name)).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** mkdir -p that fsyncs every parent whose entry list changed. */
async function ensureDirDurable(dir: string, stopAt: string): Promise<void> {
  if (await exists(dir)) return;
  await ensureDirDurable(dirname(dir), stopAt);
  await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  if (dir !== stopAt) await fsyncDir(dirname(dir));
}

/**
 * Moves an already fsynced temp file to its content address. When identical content is
 * already there, the temp file is dropped and the vault copy is left untouched.
 */
export async function commitToVault(vaultDir: string, tempPath: string, fp: Fingerprint, size: number): Promise<{ vaultPath: string; existed: boolean }> {
  const rel = vaultRelativePath(fp);
  const target = vaultAbsolutePath(vaultDir, rel);
  try {
    const s = await stat(target);
    if (s.size === size) {
      await unlink(tempPath).catch(() => undefined);
      return { vaultPath: rel, existed: true };
    }
    // Same address, different size: a damaged copy. Replace it with the good bytes.
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await ensureDirDurable(dirname(target), vaultDir);
  await rename(tempPath, target);
  await fsyncDir(dirname(target));
  return { vaultPath: rel, existed: false };
}

export function vaultTempPath(vaultDir: string, name: string): string {
  return join(vaultDir, VAULT_TMP, name);
}
