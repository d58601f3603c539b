// Small files sealed a batch at a time with plain blocking system calls (run in a pool
// worker thread, never on the main thread). Each file is read in one go: the digest and
// the vault copy come from that same buffer. Two ways to make a batch durable:
// - syncfs (Linux, seal-batch-syncfs.ts): every copy is written straight at its content
//   address, and ONE syncfs makes their bytes and names durable together (a damaged copy
//   found at an address is replaced by a temp file renamed after that barrier, then a
//   second syncfs);
// - per file (elsewhere): each temp file is fdatasync'ed and renamed, then every vault
//   directory the batch touched is fsynced ONCE.
// A copy found at an address is trusted only for its bytes, never for its size alone.
// Only then does the batch report its files sealed, so whatever records them afterwards
// points at copies that survive a power cut.
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyAt,
  dirs,
  HeadArena,
  isEnoent,
  readAndFingerprint,
  sealedOutcome,
  unlinkQuiet,
  vaultError,
  writeTemp,
  type SealBatch,
  type SmallSealOutcome,
} from './seal-batch-io';
import { sealBatchSyncfs } from './seal-batch-syncfs';
import { takeableByPerFile } from './barrier-clock';
import { syncfsAvailable } from './syncfs';
import { VAULT_TMP, fsyncDirSync } from './vault';

export { HEAD_BYTES, SMALL_FILE_MAX, TAIL_BYTES, type SealBatch, type SmallSealOutcome } from './seal-batch-io';

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
  const arena = new HeadArena(batch.sources.length);

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
    const f = readAndFingerprint(source, vaultDir, algorithm, arena);
    if (f.kind !== 'read') {
      outcomes.push(f);
      continue;
    }
    const { data, target, dir } = f;
    try {
      // Only a syncfs batch writes at the address before its barrier (Linux): a copy left by one
      // that died before it is flushed here.
      const linux = process.platform === 'linux';
      // On Linux another worker may be on syncfs: its copy is taken once no failed barrier can remove it.
      const alreadyInVault = copyAt(target, data, linux) === 'same' && (!linux || takeableByPerFile(target, statSync));
      if (alreadyInVault) {
        // The same content sealed before: nothing rewritten. Its directory (and, the first
        // time, its parents) is fsynced with the batch, in case the copy comes from a run
        // that died before doing so.
        dirs.ensureSync(vaultDir, dir, toSync, created);
      } else {
        // Absent, or a damaged copy: the good bytes take its place.
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
