// The syncfs way of making a small-file batch durable (Linux, see seal-batch.ts).
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyAt,
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
import { barrierSucceeded, durableSince, syncfsBatchBegins, syncfsBatchEnds } from './barrier-clock';
import { syncFileSystemSync } from './syncfs';
import { VAULT_TMP } from './vault';

interface Staged {
  index: number;
  temp: string;
  target: string;
  dir: string;
}

/**
 * Creates `target` with `data` (no temp file, no rename: the batch's barrier makes the copy and
 * its name durable together): its inode, or null when the address is already taken. On a
 * failed write the partial copy is removed, unless another thread has replaced it meanwhile.
 */
function createAt(target: string, data: Buffer): number | null {
  let fd: number;
  try {
    fd = openSync(target, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off, off);
  } catch (e) {
    // A partial copy left behind would be replaced by the next seal of these bytes anyway.
    removeIfOurs(target, fstatSync(fd).ino);
    closeSync(fd);
    throw e;
  }
  const { ino } = fstatSync(fd);
  closeSync(fd);
  return ino;
}

/**
 * Removes the copy this batch created, never one another thread has put there since. `keepCovered`:
 * nor one a barrier that succeeded has covered since it was written (another batch's, or this
 * batch's first): another batch may have taken it as it is and recorded it (durableSince, the
 * same test it passed there; the clock only moves forward, so it still passes here).
 */
function removeIfOurs(target: string, ino: number, keepCovered = false): void {
  try {
    const s = statSync(target);
    if (s.ino === ino && !(keepCovered && durableSince(s.ctimeMs))) unlinkSync(target);
  } catch {
    // gone already: nothing to remove
  }
}

/**
 * Every copy written at its content address, then ONE syncfs: data, inodes and names durable
 * at once. A damaged copy found at an address is replaced the safe way: a temp file, made
 * durable by that same barrier, renamed over it, and a second syncfs for the renames.
 */
export function sealBatchSyncfs(batch: SealBatch): SmallSealOutcome[] {
  syncfsBatchBegins();
  try {
    return sealBatchSyncfsRun(batch);
  } finally {
    syncfsBatchEnds();
  }
}

function sealBatchSyncfsRun(batch: SealBatch): SmallSealOutcome[] {
  const { vaultDir, algorithm } = batch;
  const tmpDir = join(vaultDir, VAULT_TMP, batch.slot);
  /** Copies this batch created at their address, with their inode (removed if its barrier fails). */
  const written: Array<{ target: string; ino: number }> = [];
  const staged: Staged[] = [];
  /** Target → outcomes that ride on a copy this batch wrote or staged. */
  const ours = new Map<string, number[]>();
  const sealedAt: number[] = [];
  const outcomes: SmallSealOutcome[] = [];
  const arena = new HeadArena(batch.sources.length);
  const fail = (i: number, e: unknown): void => {
    outcomes[i] = vaultError(batch.sources[i]!, e);
  };
  /**
   * `op` again once its folder is made, if it was missing (a new prefix folder, or the vault
   * removed under us). No folder fsync: the batch's barrier makes the new entries durable.
   */
  const inFolder = <T>(dir: string, op: () => T): T => {
    try {
      return op();
    } catch (e) {
      if (!isEnoent(e)) throw e;
      mkdirSync(dir, { recursive: true });
      return op();
    }
  };

  for (const source of batch.sources) {
    const index = outcomes.length;
    const f = readAndFingerprint(source, vaultDir, algorithm, arena);
    if (f.kind !== 'read') {
      outcomes.push(f);
      continue;
    }
    const { data, target, dir } = f;
    try {
      let alreadyInVault = false;
      let created: number | null;
      const riders = ours.get(target);
      if (riders) {
        // The same bytes twice in one batch: the second rides on the first's copy.
        riders.push(index);
        alreadyInVault = true;
      } else if ((created = inFolder(dir, () => createAt(target, data))) !== null) {
        written.push({ target, ino: created });
        ours.set(target, []);
      } else if (copyAt(target, data, false) === 'same' && durableSince(statSync(target).ctimeMs)) {
        // Sealed before, and a barrier since has it on disk: nothing rewritten. A copy still
        // waiting for another batch's barrier is not taken: that batch may fail and remove it.
        alreadyInVault = true;
      } else {
        const temp = join(tmpDir, `${randomUUID()}.part`);
        inFolder(tmpDir, () => writeTemp(temp, data, false));
        staged.push({ index, temp, target, dir });
        ours.set(target, []);
      }
      sealedAt.push(index);
      outcomes.push(sealedOutcome(f, alreadyInVault));
    } catch (e) {
      outcomes.push(vaultError(source, e));
    }
  }
  if (sealedAt.length === 0) return outcomes;

  // A barrier that failed: nothing written since the last one can be trusted, and a later
  // syncfs would not report that error again. The copies go, so a retry writes them anew —
  // except those a barrier that succeeded covered (a later batch may already rely on them).
  const abandon = (e: unknown): SmallSealOutcome[] => {
    for (const i of sealedAt) if (outcomes[i]!.kind === 'sealed') fail(i, e);
    for (const s of staged) unlinkQuiet(s.temp);
    for (const w of written) removeIfOurs(w.target, w.ino, true);
    return outcomes;
  };
  // Barrier 1: every copy written here (and any earlier one found intact) is on disk, names included.
  const startedAt = Date.now();
  try {
    syncFileSystemSync(vaultDir);
  } catch (e) {
    return abandon(e);
  }
  barrierSucceeded(startedAt);
  if (staged.length > 0) {
    for (const s of staged) {
      try {
        inFolder(s.dir, () => renameSync(s.temp, s.target));
      } catch (e) {
        unlinkQuiet(s.temp);
        fail(s.index, e);
        for (const i of ours.get(s.target) ?? []) fail(i, e);
      }
    }
    // Barrier 2: the replacements are on disk. Until then nothing is reported sealed.
    try {
      syncFileSystemSync(vaultDir);
    } catch (e) {
      return abandon(e);
    }
  }
  return outcomes;
}
