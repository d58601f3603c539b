// Content-addressed vault: <vaultDir>/<alg>/<hex[0..2]>/<hex> (256 directories per
// algorithm, so a batch of seals shares its directory fsyncs). Files arrive as fsynced temp
// files under <vaultDir>/.tmp and are renamed into place; the rename is durable once the
// target directory is fsynced.
import { fsyncSync, mkdirSync, openSync, closeSync, readdirSync } from 'node:fs';
import { mkdir, open, rename, stat, unlink, readdir } from 'node:fs/promises';
import { join, dirname, posix, sep } from 'node:path';
import type { Fingerprint } from '../../contract/types';

export const VAULT_TMP = '.tmp';

/** Files up to this size are sealed by batches, read in one go (seal-batch.ts). */
export const SMALL_FILE_MAX = 1024 * 1024;

export function vaultRelativePath(fp: Fingerprint): string {
  if (!/^[0-9a-f]{64,128}$/.test(fp.hex)) throw new Error(`Empreinte invalide : ${fp.hex}`);
  return posix.join(fp.algorithm, fp.hex.slice(0, 2), fp.hex);
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

export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the vault (its own entry made durable: everything recorded later hangs from it)
 * and removes temp files a crash may have left behind (.tmp and its sub-folders).
 */
export async function prepareVault(vaultDir: string): Promise<void> {
  const tmp = join(vaultDir, VAULT_TMP);
  await mkdir(tmp, { recursive: true });
  await fsyncDir(dirname(vaultDir));
  await fsyncDir(vaultDir);
  for (const e of await readdir(tmp, { withFileTypes: true })) {
    const p = join(tmp, e.name);
    if (e.isDirectory()) {
      for (const name of await readdir(p).catch(() => [])) await unlink(join(p, name)).catch(() => undefined);
    } else {
      await unlink(p).catch(() => undefined);
    }
  }
}

/**
 * prepareVault once it succeeds; a failure is not kept, the next call tries again (a network
 * drive back, space freed) instead of failing every drop until a restart.
 */
export function vaultPreparation(vaultDir: string): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () =>
    (ready ??= prepareVault(vaultDir).catch((e: unknown) => {
      ready = null;
      throw e;
    }));
}

/** Temp files a crash left behind, relative to .tmp (tests and tools). */
export function leftoverTempFiles(vaultDir: string): string[] {
  const tmp = join(vaultDir, VAULT_TMP);
  const out: string[] = [];
  for (const e of readdirSync(tmp, { withFileTypes: true })) {
    if (e.isDirectory()) for (const name of readdirSync(join(tmp, e.name))) out.push(`${e.name}/${name}`);
    else out.push(e.name);
  }
  return out;
}

/**
 * Vault directories known to exist with a durable entry in their parent. Checked before
 * any stat/mkdir, so a seal into a known directory costs no extra system call. Kept per
 * thread; forget() after an ENOENT (the vault was removed under us).
 */
export class VaultDirs {
  private readonly known = new Set<string>();

  has(dir: string): boolean {
    return this.known.has(dir);
  }

  add(dir: string): void {
    this.known.add(dir);
  }

  forget(vaultDir: string): void {
    for (const d of this.known) if (d === vaultDir || d.startsWith(vaultDir + sep)) this.known.delete(d);
  }

  /**
   * mkdir -p below vaultDir, synchronously. Every parent whose entry list changed — or may
   * have changed in a run that crashed before its fsync — goes into `toSync`; the caller
   * fsyncs those (once per batch) and then calls add() for `created`.
   */
  ensureSync(vaultDir: string, dir: string, toSync: Set<string>, created: Set<string>): void {
    if (dir === vaultDir || this.known.has(dir) || created.has(dir)) return;
    this.ensureSync(vaultDir, dirname(dir), toSync, created);
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    toSync.add(dirname(dir));
    created.add(dir);
  }
}

const asyncDirs = new VaultDirs();

/** mkdir -p that fsyncs every parent whose entry list changed (async, per-file path). */
async function ensureDirDurable(dir: string, stopAt: string): Promise<void> {
  if (dir === stopAt || asyncDirs.has(dir)) return;
  await ensureDirDurable(dirname(dir), stopAt);
  await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  await fsyncDir(dirname(dir));
  asyncDirs.add(dir);
}

/**
 * Moves an already fsynced temp file to its content address and fsyncs the directory.
 * When identical content is already there, the temp file is dropped, the vault copy is
 * left untouched and its directory is fsynced (it may come from a run that crashed
 * between its rename and its directory fsync). Up to SMALL_FILE_MAX bytes a copy of the
 * right size is still replaced: small files are written at their address before their
 * batch's barrier (seal-batch-syncfs.ts), so a power cut can leave the name and the size
 * with other bytes. The fsynced temp file replaces it, whatever it holds.
 */
export async function commitToVault(
  vaultDir: string,
  tempPath: string,
  fp: Fingerprint,
  size: number,
): Promise<{ vaultPath: string; existed: boolean }> {
  const rel = vaultRelativePath(fp);
  const target = vaultAbsolutePath(vaultDir, rel);
  let existed = false;
  try {
    const s = await stat(target);
    existed = s.size === size;
    if (existed && size > SMALL_FILE_MAX) {
      await unlink(tempPath).catch(() => undefined);
      await fsyncDir(dirname(target));
      return { vaultPath: rel, existed: true };
    }
    // Same address, different size: a damaged copy. Replace it with the good bytes.
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await ensureDirDurable(dirname(target), vaultDir);
  try {
    await rename(tempPath, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // A directory we remembered is gone: forget what we knew of this vault and redo it.
    asyncDirs.forget(vaultDir);
    await ensureDirDurable(dirname(target), vaultDir);
    await rename(tempPath, target);
  }
  await fsyncDir(dirname(target));
  return { vaultPath: rel, existed };
}

export function vaultTempPath(vaultDir: string, name: string): string {
  return join(vaultDir, VAULT_TMP, name);
}

/**
 * `create` (a temp file in .tmp) again once .tmp is made anew, its entries durable, when the
 * vault or its .tmp was removed while Sceau runs (by hand, a cleaning tool).
 */
export async function inVaultTmp<T>(vaultDir: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(join(vaultDir, VAULT_TMP), { recursive: true });
    await fsyncDir(dirname(vaultDir));
    await fsyncDir(vaultDir);
    asyncDirs.forget(vaultDir);
    return create();
  }
}
