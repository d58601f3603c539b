// Stats of many files for intake's looks (large files, quick stability): in this thread,
// in slices of a few ms, while the kernel answers from its cache in a few µs — a promise
// through the thread pool costs this thread ~15 µs, and awaiting them one by one ~70 µs of
// wall each. A slow file system (a share) ends the first slice early and the rest goes
// through the pool, a few hundred at a time, so it never holds the thread long.
// Synchronous stats only where the file system is known to be local (Linux /proc/mounts): one
// statSync on a share that stopped answering would hold the thread
// for the whole network timeout (in the desktop app, its main process). A share, a UNC path or an unknown file system (Windows
// mapped drives, macOS) goes through the pool from the start.
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileSystemTypeOf, isNetworkPath } from './mounts';

export interface StatTarget {
  path: string;
  /** stat (follow a symlink) rather than lstat. */
  followLink?: boolean;
}

/** Synchronous stats, at most this long in one go. */
const SYNC_BUDGET_MS = 8;
/**
 * Slower than this per stat on average, two slices in a row: the file system is not answering
 * from its cache. One slow slice is not enough: on a busy machine a slice that lost the CPU
 * once looks slow, and the pool costs this thread more per stat than the stat itself.
 */
const FAST_STAT_MS = 0.1;
const POOL_CHUNK = 256;

/**
 * Whether every file is on a file system known to be local, where a synchronous stat cannot
 * hang on the network. `mountsText`: /proc/mounts (read here on Linux when not given).
 */
export function localFileSystems(files: readonly StatTarget[], mountsText?: string): boolean {
  let text = mountsText;
  if (text === undefined) {
    if (process.platform !== 'linux') return false;
    try {
      text = readFileSync('/proc/mounts', 'utf8');
    } catch {
      return false;
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    const dir = dirname(f.path);
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (isNetworkPath(f.path, text) || fileSystemTypeOf(f.path, text) === null) return false;
  }
  return true;
}

/** Each file's stats in order, or null (vanished, unreadable). */
export async function statMany(files: readonly StatTarget[], mountsText?: string): Promise<Array<Stats | null>> {
  const out: Array<Stats | null> = new Array<Stats | null>(files.length).fill(null);
  let i = 0;
  // Slices of at most SYNC_BUDGET_MS, a turn given back between two, for as long as the
  // file system answers fast.
  let slowSlices = 0;
  for (let fast = files.length > 0 && localFileSystems(files, mountsText); fast && i < files.length;) {
    const started = performance.now();
    const from = i;
    for (; i < files.length && performance.now() - started < SYNC_BUDGET_MS; i++) {
      const f = files[i]!;
      try {
        out[i] = f.followLink ? statSync(f.path) : lstatSync(f.path);
      } catch {
        // vanished or unreadable: null
      }
    }
    slowSlices = (performance.now() - started) / (i - from) < FAST_STAT_MS ? 0 : slowSlices + 1;
    fast = slowSlices < 2;
    if (i < files.length) await new Promise((r) => setImmediate(r));
  }
  for (; i < files.length; i += POOL_CHUNK) {
    const from = i;
    const part = files.slice(from, from + POOL_CHUNK);
    const stats = await Promise.all(part.map((f) => (f.followLink ? stat(f.path) : lstat(f.path)).catch(() => null)));
    stats.forEach((s, j) => (out[from + j] = s));
  }
  return out;
}
