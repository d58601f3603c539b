// Small files sealed a batch at a time with plain blocking system calls (run in a pool
// worker thread, never on the main thread). Each file is read in one go: the digest and
// the vault copy come from that same buffer. Two ways to make a batch durable:
// - syncfs (Linux): every copy is written to a temp file, ONE syncfs makes all their data
//   durable, they are renamed to their content addresses, and a second syncfs makes the
//   renames durable;
// - per file (elsewhere): each temp file is fdatasync'ed and renamed, then every vault
//   directory the batch touched is fsynced ONCE.
// Only then does the batch report its files sealed, so whatever records them afterwards
// points at copies that survive a power cut.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { DigestAlgorithm, Fingerprint } from '../../contract/types';
import {
  changedDuringRead,
  isTransientSystemError,
  SealError,
  sealErrorFrom,
  systemErrorMessage,
  type SealErrorCode,
  type SealResult,
} from './seal-core';
import { syncfsAvailable, syncFileSystemSync } from './syncfs';
import { VAULT_TMP, VaultDirs, fsyncDirSync, vaultAbsolutePath, vaultRelativePath } from './vault';

/** Files up to this size are read in one go and sealed by the batch. */
export const SMALL_FILE_MAX = 1024 * 1024;
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
  /** Not sealed here: changed during the read, or larger than SMALL_FILE_MAX. Use sealFile. */
  | { kind: 'retry'; reason: 'changed' | 'large' | 'pool' }
  | { kind: 'error'; code: SealErrorCode; message: string };

const dirs = new VaultDirs();

function isEnoent(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

function readWhole(
  source: string,
): { kind: 'read'; data: Buffer; mtimeMs: number } | { kind: 'retry'; reason: 'changed' | 'large' } {
  const fd = openSync(source, 'r');
  try {
    const before = fstatSync(fd);
    if (!before.isFile()) throw new SealError('io', `Ce n’est pas un fichier ordinaire : ${source}`, source);
    if (before.size > SMALL_FILE_MAX) return { kind: 'retry', reason: 'large' };
    // One byte more than announced: a file that grew shows up as a longer read.
    const buf = Buffer.allocUnsafe(before.size + 1);
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

interface Fingerprinted {
  kind: 'read';
  data: Buffer;
  mtimeMs: number;
  fingerprint: Fingerprint;
  vaultPath: string;
  /** Absolute content address in the vault, and its folder. */
  target: string;
  dir: string;
  /** Copies: the message to the main thread carries only these bytes, not the whole file. */
  head: Uint8Array;
  tail?: Uint8Array;
}

/**
 * The prelude of both durability modes: one read of the whole file, its digest and its
 * content address, or the outcome that says why it is not sealed here.
 */
function readAndFingerprint(
  source: string,
  vaultDir: string,
  algorithm: DigestAlgorithm,
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
      head: new Uint8Array(data.subarray(0, HEAD_BYTES)),
      ...(data.length > HEAD_BYTES ? { tail: new Uint8Array(data.subarray(data.length - TAIL_BYTES)) } : {}),
    };
  } catch (e) {
    return vaultError(source, e);
  }
}

function sealedOutcome(f: Fingerprinted, alreadyInVault: boolean): SmallSealOutcome {
  const { fingerprint, vaultPath, mtimeMs } = f;
  return {
    kind: 'sealed',
    result: { fingerprint, size: f.data.length, mtimeMs, vaultPath, alreadyInVault },
    head: f.head,
    ...(f.tail ? { tail: f.tail } : {}),
  };
}

function writeTemp(path: string, data: Buffer, sync = true): void {
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

interface Pending {
  index: number;
  dir: string;
}

export function sealBatchSync(batch: SealBatch): SmallSealOutcome[] {
  const mode = batch.durability ?? 'auto';
  if (mode === 'syncfs' || (mode === 'auto' && syncfsAvailable(batch.vaultDir))) return sealBatchSyncfs(batch);
  return sealBatchPerFile(batch);
}

function sealBatchPerFile(batch: SealBatch): SmallSealOutcome[] {
  const { vaultDir, algorithm } = batch;
  const tmpDir = join(vaultDir, VAULT_TMP, batch.slot);
  const toSync = new Set<string>();
  const created = new Set<string>();
  const pending: Pending[] = [];
  const outcomes: SmallSealOutcome[] = [];

  const ensureTmp = (): void => {
    if (!dirs.has(tmpDir)) {
      mkdirSync(tmpDir, { recursive: true });
      dirs.add(tmpDir); // temp names need no durability
    }
  };

  /** Temp copy, then rename to its address; on ENOENT (a folder removed under us) redo the folders once. */
  const place = (data: Buffer, target: string, dir: string): void => {
    for (let attempt = 1; ; attempt++) {
      let temp: string | null = null;
      try {
        ensureTmp();
        temp = join(tmpDir, `${randomUUID()}.part`);
        writeTemp(temp, data);
        dirs.ensureSync(vaultDir, dir, toSync, created);
        renameSync(temp, target);
        return;
      } catch (e) {
        if (temp) unlinkQuiet(temp);
        if (!isEnoent(e) || attempt >= 2) throw e;
        dirs.forget(vaultDir);
        created.clear();
      }
    }
  };

  for (const source of batch.sources) {
    const f = readAndFingerprint(source, vaultDir, algorithm);
    if (f.kind !== 'read') {
      outcomes.push(f);
      continue;
    }
    const { data, target, dir } = f;
    try {
      const existing = statSync(target, { throwIfNoEntry: false });
      const alreadyInVault = existing !== undefined && existing.size === data.length;
      if (alreadyInVault) {
        // The same content sealed before: nothing rewritten. Its directory (and, the first
        // time, its parents) is fsynced with the batch, in case the copy comes from a run
        // that died before doing so.
        dirs.ensureSync(vaultDir, dir, toSync, created);
      } else {
        // Absent, or a damaged copy of another size: the good bytes take its place.
        place(data, target, dir);
      }
      toSync.add(dir);
      pending.push({ index: outcomes.length, dir });
      outcomes.push(sealedOutcome(f, alreadyInVault));
    } catch (e) {
      // The source was read fine: whatever failed is on the vault side.
      outcomes.push(vaultError(source, e));
    }
  }

  // One fsync per touched directory (and per parent that gained a folder), after all renames.
  try {
    for (const d of toSync) fsyncDirSync(d);
  } catch (e) {
    // Nothing of this batch may be reported sealed: its renames may not be durable.
    for (const p of pending) outcomes[p.index] = vaultError(batch.sources[p.index]!, e);
    return outcomes;
  }
  for (const d of created) dirs.add(d);
  return outcomes;
}

function vaultError(source: string, e: unknown): SmallSealOutcome & { kind: 'error' } {
  const code = (e as NodeJS.ErrnoException).code;
  const known = systemErrorMessage(code, source);
  return {
    kind: 'error',
    code: isTransientSystemError(code) ? 'transient' : 'io',
    message: known ?? `Le coffre n’a pas pu recevoir la copie scellée de ${source} : ${(e as Error).message}`,
  };
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // best effort
  }
}

interface Staged {
  index: number;
  temp: string;
  target: string;
  dir: string;
}

/** Writes every copy, one syncfs, every rename, one syncfs. */
function sealBatchSyncfs(batch: SealBatch): SmallSealOutcome[] {
  const { vaultDir, algorithm } = batch;
  const tmpDir = join(vaultDir, VAULT_TMP, batch.slot);
  const created = new Set<string>();
  const staged: Staged[] = [];
  /** Target → outcomes that ride on a copy staged earlier in this batch. */
  const stagedTargets = new Map<string, number[]>();
  const sealedAt: number[] = [];
  const outcomes: SmallSealOutcome[] = [];
  const fail = (i: number, e: unknown): void => {
    outcomes[i] = vaultError(batch.sources[i]!, e);
  };

  for (const source of batch.sources) {
    const index = outcomes.length;
    const f = readAndFingerprint(source, vaultDir, algorithm);
    if (f.kind !== 'read') {
      outcomes.push(f);
      continue;
    }
    const { data, target, dir } = f;
    try {
      // The same bytes twice in one batch: the second rides on the first's copy.
      const existing = stagedTargets.has(target) ? { size: data.length } : statSync(target, { throwIfNoEntry: false });
      const alreadyInVault = existing !== undefined && existing.size === data.length;
      stagedTargets.get(target)?.push(index);
      if (!alreadyInVault) {
        stagedTargets.set(target, []);
        if (!dirs.has(tmpDir)) {
          mkdirSync(tmpDir, { recursive: true });
          dirs.add(tmpDir);
        }
        const temp = join(tmpDir, `${randomUUID()}.part`);
        writeTemp(temp, data, false);
        staged.push({ index, temp, target, dir });
      }
      // A copy already there may come from a run that died before its barrier: the
      // batch's syncfs covers it as well.
      sealedAt.push(index);
      outcomes.push(sealedOutcome(f, alreadyInVault));
    } catch (e) {
      outcomes.push(vaultError(source, e));
    }
  }
  if (sealedAt.length === 0) return outcomes;

  const abandon = (e: unknown): SmallSealOutcome[] => {
    for (const i of sealedAt) if (outcomes[i]!.kind === 'sealed') fail(i, e);
    for (const s of staged) unlinkQuiet(s.temp);
    return outcomes;
  };
  // Barrier 1: the data of every temp file (and any earlier copy) is on disk.
  try {
    syncFileSystemSync(vaultDir);
  } catch (e) {
    return abandon(e);
  }
  for (const s of staged) {
    try {
      dirs.ensureSync(vaultDir, s.dir, new Set<string>(), created);
      try {
        renameSync(s.temp, s.target);
      } catch (e) {
        if (!isEnoent(e)) throw e;
        // A vault folder removed under us: made again once.
        dirs.forget(vaultDir);
        created.clear();
        dirs.ensureSync(vaultDir, s.dir, new Set<string>(), created);
        renameSync(s.temp, s.target);
      }
    } catch (e) {
      unlinkQuiet(s.temp);
      fail(s.index, e);
      for (const i of stagedTargets.get(s.target) ?? []) fail(i, e);
    }
  }
  // Barrier 2: the renames (and any folder made) are on disk. Until then nothing is reported sealed.
  try {
    syncFileSystemSync(vaultDir);
  } catch (e) {
    return abandon(e);
  }
  for (const d of created) dirs.add(d);
  return outcomes;
}
