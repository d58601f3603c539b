// The file operations both durability modes of a small-file batch share (seal-batch.ts):
// one read of the whole source, its digest and content address, what is already at that
// address, and the vault-side error messages.
import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DigestAlgorithm, Fingerprint } from '../../contract/types';
import {
  changedDuringRead,
  isTransientSystemError,
  SealError,
  sealErrorFrom,
  sourceOpenFlags,
  systemErrorMessage,
  vaultSideError,
  type SealErrorCode,
  type SealResult,
} from './seal-core';
import { SMALL_FILE_MAX, VaultDirs, vaultAbsolutePath, vaultRelativePath } from './vault';

export { SMALL_FILE_MAX };

/** Bytes of the file start returned with each seal (flow recognition). */
export const HEAD_BYTES = 4096;
/** Bytes of the file end returned with each seal larger than HEAD_BYTES (the PDF end check). */
export const TAIL_BYTES = 1024;

export interface SealBatch {
  vaultDir: string;
  algorithm: DigestAlgorithm;
  /** Temp sub-folder of .tmp owned by the sealing thread (creates in one folder serialise). */
  slot: string;
  sources: string[];
  /** How the batch is made durable (default: syncfs where available). */
  durability?: 'auto' | 'syncfs' | 'per-file';
}

export type SmallSealOutcome =
  /** `tail`: the last TAIL_BYTES, for files longer than the head (else the head holds them). */
  | { kind: 'sealed'; result: Omit<SealResult, 'attempts'>; head: Uint8Array; tail?: Uint8Array }
  /**
   * Not sealed here: changed during the read, larger than SMALL_FILE_MAX, or a symbolic link
   * (never followed here; sealFile follows it only for a link the user dropped). Use sealFile.
   */
  | { kind: 'retry'; reason: 'changed' | 'large' | 'pool' | 'symlink' }
  | { kind: 'error'; code: SealErrorCode; message: string };

export const dirs = new VaultDirs();

/**
 * The heads and tails of one batch, copied into ONE buffer: the reply to the main thread
 * transfers it (no copy, one allocation there instead of two per file).
 */
export class HeadArena {
  private readonly bytes: Uint8Array;
  private used = 0;

  constructor(files: number) {
    this.bytes = new Uint8Array(files * (HEAD_BYTES + TAIL_BYTES));
  }

  copy(from: Uint8Array): Uint8Array {
    const view = this.bytes.subarray(this.used, this.used + from.length);
    view.set(from);
    this.used += from.length;
    return view;
  }
}

/** The read buffer of this thread, reused from file to file (a file's bytes are written before the next read). */
let scratch: Buffer | null = null;

export function isEnoent(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

function readWhole(
  source: string,
): { kind: 'read'; data: Buffer; mtimeMs: number } | { kind: 'retry'; reason: 'changed' | 'large' | 'symlink' } {
  let fd: number;
  try {
    // Found a file upstream (lstat), maybe replaced by a link since: its target is not ours to seal.
    fd = openSync(source, sourceOpenFlags({}));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return { kind: 'retry', reason: 'symlink' };
    throw e;
  }
  try {
    const before = fstatSync(fd);
    if (!before.isFile()) throw new SealError('io', `Ce n’est pas un fichier ordinaire : ${source}`, source);
    if (before.size > SMALL_FILE_MAX) return { kind: 'retry', reason: 'large' };
    // One byte more than announced: a file that grew shows up as a longer read.
    scratch ??= Buffer.allocUnsafeSlow(SMALL_FILE_MAX + 1);
    const buf = scratch.subarray(0, before.size + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, total);
      if (n === 0) break;
      total += n;
      if (total === buf.length) break;
    }
    if (changedDuringRead(before, total, fstatSync(fd), statSync(source))) return { kind: 'retry', reason: 'changed' };
    return { kind: 'read', data: buf.subarray(0, total), mtimeMs: before.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

export interface Fingerprinted {
  kind: 'read';
  data: Buffer;
  mtimeMs: number;
  fingerprint: Fingerprint;
  vaultPath: string;
  /** Absolute content address in the vault, and its folder. */
  target: string;
  dir: string;
  /** Copies (in the batch's arena): the message to the main thread carries only these bytes. */
  head: Uint8Array;
  tail?: Uint8Array;
}

/**
 * The prelude of both durability modes: one read of the whole file, its digest and its
 * content address, or the outcome that says why it is not sealed here. `data` is valid until
 * the next call in this thread.
 */
export function readAndFingerprint(
  source: string,
  vaultDir: string,
  algorithm: DigestAlgorithm,
  arena: HeadArena,
): Fingerprinted | Extract<SmallSealOutcome, { kind: 'retry' | 'error' }> {
  let read: ReturnType<typeof readWhole>;
  try {
    read = readWhole(source);
  } catch (e) {
    const err = sealErrorFrom(e, source);
    return { kind: 'error', code: err.code, message: err.message };
  }
  if (read.kind === 'retry') return read;
  const { data, mtimeMs } = read;
  try {
    const fingerprint: Fingerprint = { algorithm, hex: createHash(algorithm).update(data).digest('hex') };
    const vaultPath = vaultRelativePath(fingerprint);
    const target = vaultAbsolutePath(vaultDir, vaultPath);
    return {
      kind: 'read',
      data,
      mtimeMs,
      fingerprint,
      vaultPath,
      target,
      dir: dirname(target),
      head: arena.copy(data.subarray(0, HEAD_BYTES)),
      ...(data.length > HEAD_BYTES ? { tail: arena.copy(data.subarray(data.length - TAIL_BYTES)) } : {}),
    };
  } catch (e) {
    return vaultError(source, e);
  }
}

export function sealedOutcome(f: Fingerprinted, alreadyInVault: boolean): SmallSealOutcome {
  const { fingerprint, vaultPath, mtimeMs } = f;
  return {
    kind: 'sealed',
    result: { fingerprint, size: f.data.length, mtimeMs, vaultPath, alreadyInVault },
    head: f.head,
    ...(f.tail ? { tail: f.tail } : {}),
  };
}

export function writeTemp(path: string, data: Buffer, sync = true): void {
  const fd = openSync(path, 'wx');
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off, off);
    // A new file: fdatasync also flushes its size and block map, all a later read needs.
    if (sync) fdatasyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // best effort
    }
    throw e;
  }
  closeSync(fd);
}

export function vaultError(source: string, e: unknown): SmallSealOutcome & { kind: 'error' } {
  const gone = vaultSideError(e, source);
  // A file or folder of the vault removed under the batch: retried later, never a raw ENOENT.
  if (gone !== e && gone instanceof SealError) return { kind: 'error', code: gone.code, message: gone.message };
  const code = (e as NodeJS.ErrnoException).code;
  const known = systemErrorMessage(code, source);
  return {
    kind: 'error',
    code: isTransientSystemError(code) ? 'transient' : 'io',
    message: known ?? `Le coffre n’a pas pu recevoir la copie scellée de ${source} : ${(e as Error).message}`,
  };
}

export function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // best effort
  }
}

/**
 * What is at a content address, against the bytes meant for it: absent, the same bytes (a copy
 * to keep), or anything else (a damaged copy: same name, other bytes or another size). A copy
 * whose bytes never reached the disk (a power cut before its batch's barrier) can keep its
 * name and size: only the bytes tell. Read only when the address is taken (a duplicate).
 */
export function copyAt(target: string, data: Buffer, flush: boolean): 'absent' | 'same' | 'damaged' {
  let fd: number;
  try {
    fd = openSync(target, 'r');
  } catch (e) {
    if (isEnoent(e)) return 'absent';
    throw e;
  }
  try {
    if (fstatSync(fd).size !== data.length) return 'damaged';
    const buf = Buffer.allocUnsafe(data.length);
    let total = 0;
    while (total < buf.length) {
      const n = readSync(fd, buf, total, buf.length - total, total);
      if (n === 0) break;
      total += n;
    }
    if (total !== data.length || !buf.equals(data)) return 'damaged';
    // `flush`: made durable here, the per-file way (a syncfs batch's barrier covers it).
    if (flush) fdatasyncSync(fd);
    return 'same';
  } finally {
    closeSync(fd);
  }
}
