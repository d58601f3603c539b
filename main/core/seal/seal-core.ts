// One read of the source feeds both the digest and the vault temp file, so the recorded
// fingerprint is by construction the fingerprint of the vault copy.
import { createHash, randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import type { DigestAlgorithm, Fingerprint } from '../../contract/types';
import { CHUNK_SIZE } from './fingerprint';
import { commitToVault, inVaultTmp, vaultTempPath } from './vault';
import { chunkBuffers, createVaultFile, DIRECT_IO_MIN_BYTES } from './vault-file';

/**
 * Chunks in flight for a large file (read, hashed, written): up to seven direct writes queued
 * behind the hash, so a slow moment of a shared disk does not stall the hashing (issue 18).
 * 1 MiB chunks stay: larger ones did not lower the hashing CPU here (0.73–0.83 s per GiB for 256 KiB to 8 MiB).
 */
const PIPELINE_DEPTH = 8;

/** transient: a condition that passes by itself (disk full, too many open files, I/O error): retried. */
export type SealErrorCode = 'vanished' | 'locked' | 'unstable' | 'denied' | 'transient' | 'io';

const TRANSIENT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EAGAIN']);

/** Whether a system error code is worth retrying later without the user doing anything. */
export function isTransientSystemError(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** Why a file could not be sealed, in plain French for the user. */
export class SealError extends Error {
  readonly code: SealErrorCode;
  readonly path: string;

  constructor(code: SealErrorCode, message: string, path: string) {
    super(message);
    this.code = code;
    this.path = path;
    this.name = 'SealError';
  }
}

export interface SealResult {
  fingerprint: Fingerprint;
  size: number;
  mtimeMs: number;
  /** Relative to the vault directory. */
  vaultPath: string;
  /** Identical content was already in the vault (nothing rewritten). */
  alreadyInVault: boolean;
  attempts: number;
}

export interface SealOptions {
  algorithm?: DigestAlgorithm;
  /** Attempts when the file changes while being read. */
  maxAttempts?: number;
  retryDelayMs?: number;
  onProgress?: (bytes: number, totalBytes: number) => void;
  /** Write the vault copy with O_DIRECT (default: for files of 4 MiB or more, where available). */
  directIo?: boolean;
  /** The seal worker's two-thread pipeline (seal-pipe.ts): chunk and ring sizes, for tests. */
  pipeline?: { chunkBytes?: number; slots?: number };
  /** Follow `source` if it is a symbolic link (only a link the user dropped by itself). */
  followSymlinks?: boolean;
}

/**
 * How a source is opened: never through a symbolic link unless asked. The checks upstream use
 * lstat, but the file can be replaced by a link to any readable file before it is opened.
 */
export function sourceOpenFlags(options: Pick<SealOptions, 'followSymlinks'>): number {
  return constants.O_RDONLY | (options.followSymlinks ? 0 : (constants.O_NOFOLLOW ?? 0));
}

/** The source changed while it was read: the attempt is dropped and retried. */
export class ChangedDuringRead extends Error {}

type FileIdentity = Pick<Stats, 'ino' | 'size' | 'mtimeMs'>;

/**
 * Whether a file read from `before` may not be what was read: fewer or more bytes than its
 * size, its descriptor or its path changed size or date, or the path now names another file.
 */
export function changedDuringRead(
  before: FileIdentity,
  bytesRead: number,
  afterByDescriptor: FileIdentity,
  afterByPath: FileIdentity,
): boolean {
  return (
    bytesRead !== before.size ||
    afterByDescriptor.size !== before.size ||
    afterByDescriptor.mtimeMs !== before.mtimeMs ||
    afterByPath.ino !== before.ino ||
    afterByPath.size !== before.size ||
    afterByPath.mtimeMs !== before.mtimeMs
  );
}

/**
 * System errors the user can act on, in French (never the raw `ENOSPC: no space left…`).
 * null: no plain explanation for this code.
 */
export function systemErrorMessage(code: string | undefined, path: string): string | null {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Plus d’espace libre sur le disque du coffre (disque plein) : libérez de la place ; le dépôt reprendra. Fichier non scellé : ${path}`;
    case 'EROFS':
      return `Le disque du coffre est en lecture seule : Sceau ne peut pas y écrire la copie scellée de ${path}.`;
    case 'EIO':
      return `Erreur matérielle de lecture ou d’écriture (disque ou réseau) pendant le scellement de ${path} : il sera repris.`;
    case 'EMFILE':
    case 'ENFILE':
      return `Trop de fichiers ouverts en même temps : le scellement de ${path} sera repris.`;
    default:
      return null;
  }
}

/**
 * A file or folder of the vault gone while `source` was sealed (a temp file another Sceau
 * starting on the same data folder cleared, a folder removed by hand): retried later, and
 * never told as the source's disappearance. Other errors are returned as they are.
 */
export function vaultSideError(e: unknown, source: string): unknown {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return e;
  return new SealError(
    'transient',
    `Le coffre a été modifié pendant le scellement de ${source} (un fichier ou un dossier y a été supprimé) : il sera repris.`,
    source,
  );
}

/** `step` (a vault temp file made, a copy committed) with its vault-side ENOENT told by vaultSideError. */
export function onVault<T>(step: Promise<T>, source: string): Promise<T> {
  return step.catch((e: unknown) => {
    throw vaultSideError(e, source);
  });
}

export function sealErrorFrom(e: unknown, path: string): SealError {
  if (e instanceof SealError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new SealError('vanished', `Le fichier a disparu avant d’avoir pu être scellé : ${path}`, path);
  if (code === 'EACCES') return new SealError('denied', `Accès refusé au fichier ${path} : vérifiez ses droits.`, path);
  if (code === 'EBUSY' || code === 'EPERM')
    return new SealError(
      'locked',
      `Le fichier est verrouillé par un autre programme (il est peut-être encore ouvert) : ${path}`,
      path,
    );
  if (code === 'EISDIR') return new SealError('io', `C’est un dossier, pas un fichier : ${path}`, path);
  if (code === 'ELOOP')
    return new SealError('io', `${path} est un lien symbolique : il n’est pas suivi ni scellé.`, path);
  const known = systemErrorMessage(code, path);
  if (known) return new SealError(isTransientSystemError(code) ? 'transient' : 'io', known, path);
  return new SealError(
    'io',
    `Erreur de lecture ou d’écriture pendant le scellement de ${path} : ${(e as Error).message}`,
    path,
  );
}

export async function sealOnce(
  source: string,
  vaultDir: string,
  options: SealOptions = {},
): Promise<Omit<SealResult, 'attempts'>> {
  const algorithm = options.algorithm ?? 'sha256';
  const src = await open(source, sourceOpenFlags(options));
  const tempPath = vaultTempPath(vaultDir, `${randomUUID()}.part`);
  let committed = false;
  try {
    const before = await src.stat();
    if (!before.isFile()) throw new SealError('io', `Ce n’est pas un fichier ordinaire : ${source}`, source);
    const direct = options.directIo ?? before.size >= DIRECT_IO_MIN_BYTES;
    // Small files get small buffers: 2 MiB per 4 KiB file made intake GC-bound.
    const bufSize = Math.min(CHUNK_SIZE, Math.max(16 * 1024, before.size + 1));
    const depth = before.size > CHUNK_SIZE ? PIPELINE_DEPTH : 2;
    const chunks = chunkBuffers(depth, bufSize, direct);
    const hash = createHash(algorithm);
    let total = 0;
    try {
      const dst = await onVault(
        inVaultTmp(vaultDir, () => createVaultFile(tempPath, direct && chunks.aligned)),
        source,
      );
      try {
        // A pipeline over `depth` buffers: while chunk n is hashed on this thread, chunk n+1
        // is being read and chunks n-1, n-2… are being written by the thread pool. A buffer
        // is read into again only once its write is done.
        const bufs = chunks.buffers;
        const writes: (Promise<void> | null)[] = new Array<Promise<void> | null>(depth).fill(null);
        let i = 0;
        let pending = src.read(bufs[0]!, 0, bufSize, 0);
        let lastProgress = 0;
        for (;;) {
          const { bytesRead } = await pending;
          if (bytesRead === 0) break;
          const current = i;
          i = (i + 1) % depth;
          if (writes[i]) {
            await writes[i];
            writes[i] = null;
          }
          pending = src.read(bufs[i]!, 0, bufSize, total + bytesRead);
          const chunk = bufs[current]!.subarray(0, bytesRead);
          hash.update(chunk);
          const written = dst.write(chunk, total);
          void written.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
          writes[current] = written;
          total += bytesRead;
          if (options.onProgress && total - lastProgress >= 16 * CHUNK_SIZE) {
            lastProgress = total;
            // A listener's failure must not leave the loop with a read in flight into a pooled buffer.
            try {
              options.onProgress(total, before.size);
            } catch {
              // progress is advisory
            }
          }
        }
        await dst.sync();
      } finally {
        await dst.close();
      }
    } finally {
      chunks.release();
    }
    if (changedDuringRead(before, total, await src.stat(), await stat(source))) throw new ChangedDuringRead();
    const fingerprint: Fingerprint = { algorithm, hex: hash.digest('hex') };
    const { vaultPath, existed } = await onVault(commitToVault(vaultDir, tempPath, fingerprint, total), source);
    committed = true;
    options.onProgress?.(total, total);
    return { fingerprint, size: total, mtimeMs: before.mtimeMs, vaultPath, alreadyInVault: existed };
  } finally {
    await src.close();
    if (!committed) await unlink(tempPath).catch(() => undefined);
  }
}

/** Seals with bounded retries when the file is still changing. */
export function sealInThread(source: string, vaultDir: string, options: SealOptions = {}): Promise<SealResult> {
  return sealWithRetries(source, vaultDir, options, sealOnce);
}

/** `once` (one read of the source, see sealOnce) retried while the file is still changing. */
export async function sealWithRetries(
  source: string,
  vaultDir: string,
  options: SealOptions,
  once: (source: string, vaultDir: string, options: SealOptions) => Promise<Omit<SealResult, 'attempts'>>,
): Promise<SealResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await once(source, vaultDir, options)), attempts: attempt };
    } catch (e) {
      if (!(e instanceof ChangedDuringRead)) throw sealErrorFrom(e, source);
      if (attempt >= maxAttempts) {
        throw new SealError(
          'unstable',
          `Le fichier a changé pendant sa lecture, ${maxAttempts} fois de suite ; il sera repris quand il ne bougera plus : ${source}`,
          source,
        );
      }
      await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 500));
    }
  }
}
