// Explicit drops and CLI paths need no stability delay when the file is complete: it is
// taken at once when its size and mtime are the same across two quick stats and no process
// holds it open for writing. Anything else (still growing, held by a writer, not a regular
// file, unreadable) goes the slow way, through waitUntilStable and its delay. The delay
// stays for watched folders, where a file appears while being written.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { statMany, type StatTarget } from './stat-many';

export interface QuickStat {
  size: number;
  mtimeMs: number;
}

/** Between the two stats of a file written in the last `recentMs`. */
const SECOND_LOOK_MS = 25;

export async function quickStable(
  files: ReadonlyArray<{ path: string; followLink?: boolean }>,
  recentMs: number,
): Promise<Map<string, QuickStat>> {
  const first = await statAll(files);
  const stable = new Map<string, QuickStat>();
  const recent: Array<{ path: string; followLink?: boolean }> = [];
  const now = Date.now();
  for (const f of files) {
    const s = first.get(f.path);
    if (!s) continue;
    // Untouched for longer than the delay: as the slow path would say at its first look.
    if (s.mtimeMs <= now - recentMs) stable.set(f.path, s);
    else recent.push(f);
  }
  if (recent.length === 0) return stable;
  await new Promise((r) => setTimeout(r, SECOND_LOOK_MS));
  const [second, held] = await Promise.all([statAll(recent), heldForWriting(new Set(recent.map((f) => f.path)))]);
  for (const f of recent) {
    const a = first.get(f.path)!;
    const b = second.get(f.path);
    if (b && a.size === b.size && a.mtimeMs === b.mtimeMs && !held.has(f.path)) stable.set(f.path, b);
  }
  return stable;
}

async function statAll(files: readonly StatTarget[]): Promise<Map<string, QuickStat>> {
  const out = new Map<string, QuickStat>();
  const stats = await statMany(files);
  stats.forEach((s, i) => {
    if (s?.isFile()) out.set(files[i]!.path, { size: s.size, mtimeMs: s.mtimeMs });
  });
  return out;
}

/**
 * Of `paths`, those some process holds open for writing (Linux: /proc/<pid>/fd and fdinfo;
 * other users' processes cannot be seen and are not counted). Elsewhere an empty set: a
 * Windows writer usually denies sharing, which the seal's own open reports as locked.
 * The /proc reads are synchronous (memory, not disk: ~6 ms for ~1,200 descriptors, where
 * the same reads as promises cost ~20 ms of this thread per 1,024-file chunk), with a turn
 * given back every few processes so a machine with many does not hold the thread.
 */
export async function heldForWriting(paths: ReadonlySet<string>): Promise<Set<string>> {
  const held = new Set<string>();
  if (process.platform !== 'linux' || paths.size === 0) return held;
  const pids = tryOr(() => readdirSync('/proc'), [] as string[]).filter((n) => /^\d+$/.test(n));
  for (let i = 0; i < pids.length; i++) {
    if (i > 0 && i % PIDS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    const pid = pids[i]!;
    for (const fd of tryOr(() => readdirSync(`/proc/${pid}/fd`), [] as string[])) {
      const target = tryOr(() => readlinkSync(`/proc/${pid}/fd/${fd}`), null);
      if (target === null || !paths.has(target)) continue;
      const info = tryOr(() => readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'), '');
      const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
      // O_ACCMODE: 1 = O_WRONLY, 2 = O_RDWR. Unknown flags: counted as a writer.
      if (flags === undefined || (parseInt(flags, 8) & 3) !== 0) held.add(target);
    }
  }
  return held;
}

/** Processes scanned between two turns of the event loop. */
const PIDS_PER_TURN = 64;

/** A process or descriptor gone meanwhile, or not ours to read: nothing to count. */
function tryOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
