// Receives a batch of dropped files (POST /upload-batch, format in main/contract/upload-batch)
// as it streams in: each file is written under `<inbox>/<id>.sceau-upload/` and the folder is
// renamed to `<inbox>/<id>` only when every file arrived whole. A batch refused or cut
// anywhere leaves nothing; a crash leaves a `.sceau-upload` folder, purged at the next start.
// Staged files are NOT made durable (no fsync, no syncfs): the answer to this request promises
// nothing to the user. What does is intakeUploaded's answer, given once the vault copy is
// durable and recorded; a crash before it loses the page's connection, and the user drops
// again (the page's token dies with the host). A barrier here doubled the disk work of a drop
// (issue 18): the staged bytes were flushed once here, then again by the vault's syncfs.
import { randomUUID } from 'node:crypto';
import { closeSync, futimesSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { MAX_BATCH_HEADER_BYTES, type BatchFileHeader } from '../contract/upload-batch';
import { shownName } from '../contract/upload-names';
import { cleanRelativeName, formatBytes, PARTIAL_UPLOAD_SUFFIX } from './uploads';

/** A refusal the page is told about (400: malformed, 413: over a limit), in French. */
export class BatchRefused extends Error {
  readonly status: 400 | 413;

  constructor(status: 400 | 413, message: string) {
    super(message);
    this.status = status;
  }
}

export interface BatchLimits {
  /** Largest file, and largest batch in total (the same cap as one file per request). */
  maxBytes: number;
  maxFiles: number;
}

/**
 * Files up to this size are collected in memory and written with blocking calls as they
 * complete (a few syscalls, tens of microseconds): four trips through the thread pool per
 * 4 KiB file made the upload of a 10,000-file folder wait on the pool (issue 18). Measured
 * again with the trips overlapped (16 files in flight): slower on a quiet disk (1.2 s against
 * 0.5 s for 9,000 files), sometimes faster on a disk busy with other writers.
 */
const SMALL_FILE_BYTES = 256 * 1024;

/** The refusal names the file, so the user knows which one to rename. */
const invalidName = (name: string): string =>
  `Nom de fichier invalide dans l’envoi : « ${shownName(name)} » (chemin hors du dossier déposé, caractère de contrôle, nom trop long ou en double).`;
export const INCOMPLETE = 'Envoi incomplet : la connexion a été coupée avant la fin. Déposez les fichiers à nouveau.';
export const MALFORMED = 'Envoi illisible : déposez les fichiers à nouveau.';

/** A file's header (JSON), checked field by field. */
export function batchFileHeader(bytes: Buffer): BatchFileHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BatchRefused(400, MALFORMED);
  }
  const h = raw as Partial<Record<keyof BatchFileHeader, unknown>> | null;
  if (
    typeof h !== 'object' ||
    h === null ||
    typeof h.name !== 'string' ||
    !Number.isSafeInteger(h.size) ||
    (h.size as number) < 0 ||
    (h.mtime !== undefined && (typeof h.mtime !== 'number' || !Number.isFinite(h.mtime)))
  )
    throw new BatchRefused(400, MALFORMED);
  return { name: h.name, size: h.size as number, ...(typeof h.mtime === 'number' ? { mtime: h.mtime } : {}) };
}

/** The batch's files on disk, written as they arrive. */
export class BatchWriter {
  private readonly dirs = new Set<string>();
  private current: { file: string; name: string; mtime?: number; parts: Buffer[]; handle: FileHandle | null } | null =
    null;

  constructor(readonly root: string) {}

  async begin(name: string, size: number, mtime: number | undefined): Promise<void> {
    const file = path.join(this.root, name);
    const dir = path.dirname(file);
    const refuse = (e: unknown) => refuseName(e, name);
    if (!this.dirs.has(dir)) {
      await mkdir(dir, { recursive: true }).catch(refuse);
      this.dirs.add(dir);
    }
    const handle = size > SMALL_FILE_BYTES ? await open(file, 'wx').catch(refuse) : null;
    this.current = { file, name, ...(mtime !== undefined ? { mtime } : {}), parts: [], handle };
  }

  async data(piece: Buffer): Promise<void> {
    const c = this.current!;
    if (!c.handle) c.parts.push(piece);
    else for (let off = 0; off < piece.length;) off += (await c.handle.write(piece, off)).bytesWritten;
  }

  async end(): Promise<void> {
    const c = this.current!;
    this.current = null;
    if (c.handle) {
      try {
        if (c.mtime !== undefined) await c.handle.utimes(new Date(), new Date(c.mtime));
      } finally {
        await c.handle.close();
      }
      return;
    }
    let fd: number;
    try {
      fd = openSync(c.file, 'wx');
    } catch (e) {
      refuseName(e, c.name);
    }
    try {
      const data = c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts);
      for (let off = 0; off < data.length;) off += writeSync(fd, data, off);
      if (c.mtime !== undefined) futimesSync(fd, new Date(), new Date(c.mtime));
    } finally {
      closeSync(fd);
    }
  }

  /** After a refusal: closes what is open (the folder is removed next). */
  async abort(): Promise<void> {
    await this.current?.handle?.close().catch(() => undefined);
    this.current = null;
  }
}

/** A name the file system refused (twice in the batch, a file where a folder is, too long): 400 naming it. */
function refuseName(e: unknown, name: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG' || code === 'EINVAL')
    throw new BatchRefused(400, invalidName(name));
  throw e;
}

/**
 * The limits every file of a batch is checked against before a byte of it is written, whatever
 * the format it came in: a clean relative name not seen before in the batch, at most
 * `maxFiles` files, at most `maxBytes` per file and in all.
 */
export class BatchChecks {
  count = 0;
  private total = 0;
  private readonly names = new Set<string>();

  constructor(private readonly limits: BatchLimits) {}

  /** The header's name made safe; throws the refusal the page is told about. */
  accept(h: BatchFileHeader): string {
    // A page sends names relative to what was dropped: an absolute one is refused, not rebased.
    const name = /^([\\/]|[A-Za-z]:)/.test(h.name) ? null : cleanRelativeName(h.name);
    if (!name || this.names.has(name)) throw new BatchRefused(400, invalidName(h.name));
    this.names.add(name);
    if (++this.count > this.limits.maxFiles)
      throw new BatchRefused(
        413,
        `Trop de fichiers dans un même envoi : ${this.limits.maxFiles.toLocaleString('fr-FR')} au plus.`,
      );
    this.total += h.size;
    if (h.size > this.limits.maxBytes || this.total > this.limits.maxBytes)
      throw new BatchRefused(
        413,
        `Fichier trop volumineux : la limite est de ${formatBytes(this.limits.maxBytes)} par fichier.`,
      );
    return name;
  }
}

/** Reads one batch body into `w`: the files' count, or a BatchRefused. */
export type BatchReader = (body: AsyncIterable<Buffer>, checks: BatchChecks, w: BatchWriter) => Promise<number>;

/** Reads the records of a batch from `body` into `w`, checking every limit before writing. */
export const readRecords: BatchReader = async (body, checks, w) => {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let state: 'length' | 'header' | 'content' = 'length';
  let need = 4;
  let remaining = 0;
  for await (const chunk of body) {
    let off = 0;
    while (off < chunk.length) {
      if (state === 'content') {
        const take = Math.min(remaining, chunk.length - off);
        await w.data(chunk.subarray(off, off + take));
        off += take;
        remaining -= take;
        if (remaining === 0) {
          await w.end();
          state = 'length';
          need = 4;
        }
        continue;
      }
      const take = Math.min(need - heldBytes, chunk.length - off);
      held.push(chunk.subarray(off, off + take));
      heldBytes += take;
      off += take;
      if (heldBytes < need) continue;
      const bytes = Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
      if (state === 'length') {
        need = bytes.readUInt32BE(0);
        if (need === 0 || need > MAX_BATCH_HEADER_BYTES) throw new BatchRefused(400, MALFORMED);
        state = 'header';
        continue;
      }
      const h = batchFileHeader(bytes);
      await w.begin(checks.accept(h), h.size, h.mtime);
      if (h.size === 0) {
        await w.end();
        state = 'length';
        need = 4;
      } else {
        state = 'content';
        remaining = h.size;
      }
    }
  }
  if (state !== 'length' || heldBytes > 0) throw new BatchRefused(400, INCOMPLETE);
  if (checks.count === 0) throw new BatchRefused(400, MALFORMED);
  return checks.count;
};

/** Receives one batch into the inbox; resolves to its upload id once every file is written whole. */
export async function receiveBatch(
  body: AsyncIterable<Buffer>,
  inboxDir: string,
  limits: BatchLimits,
  read: BatchReader = readRecords,
): Promise<{ uploadId: string; files: number }> {
  const uploadId = randomUUID();
  const partial = path.join(inboxDir, `${uploadId}${PARTIAL_UPLOAD_SUFFIX}`);
  const w = new BatchWriter(partial);
  try {
    await mkdir(partial, { recursive: true });
    const files = await read(body, new BatchChecks(limits), w);
    await rename(partial, path.join(inboxDir, uploadId));
    return { uploadId, files };
  } catch (error) {
    await w.abort();
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
