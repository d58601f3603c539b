// A file is stable when its size and mtime have not changed for `delayMs` and it can be
// opened for reading. Locked files (EBUSY/EPERM) are "retry later", not errors; a file the
// user may not read (EACCES) is told as such. Symlinks are not followed unless asked.
import { lstat, open, stat } from 'node:fs/promises';

export type StabilityResult =
  | { kind: 'stable'; size: number; mtimeMs: number }
  | { kind: 'locked'; message: string }
  | { kind: 'vanished' }
  | { kind: 'not_a_file' }
  | { kind: 'symlink' }
  | { kind: 'denied'; message: string }
  | { kind: 'cancelled' };

export interface StabilityOptions {
  delayMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
  /** Give up waiting after this long (the file is then retried by the next scan). */
  maxWaitMs?: number;
  /** Treat a file whose mtime is already older than delayMs as stable at once. */
  trustOldMtime?: boolean;
  /** Follow a symlink (a link the user dropped explicitly); otherwise a link is refused. */
  followSymlinks?: boolean;
  signal?: AbortSignal;
}

const LOCK_CODES = new Set(['EBUSY', 'EPERM']);

export function deniedMessage(path: string): string {
  return `Accès refusé au fichier ${path} : vérifiez ses droits.`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function canOpenForReading(path: string): Promise<{ ok: true } | { ok: false; code: string }> {
  try {
    const fh = await open(path, 'r');
    await fh.close();
    return { ok: true };
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

export async function waitUntilStable(path: string, options: StabilityOptions = {}): Promise<StabilityResult> {
  const delayMs = options.delayMs ?? 2000;
  // Two stats a delay apart suffice; fewer stats keep the thread pool free for seals.
  const pollMs = options.pollMs ?? Math.max(50, delayMs);
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  const started = Date.now();
  let last: { size: number; mtimeMs: number } | null = null;
  let since = Date.now();
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    let s;
    try {
      s = options.followSymlinks ? await stat(path) : await lstat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'vanished' };
      if (code === 'EACCES') return { kind: 'denied', message: deniedMessage(path) };
      if (code && LOCK_CODES.has(code)) return { kind: 'locked', message: `Le fichier est verrouillé : ${path}` };
      throw e;
    }
    if (s.isSymbolicLink()) return { kind: 'symlink' };
    if (!s.isFile()) return { kind: 'not_a_file' };
    const now = Date.now();
    const unchanged = last !== null && last.size === s.size && last.mtimeMs === s.mtimeMs;
    const current: { size: number; mtimeMs: number } = unchanged && last ? last : { size: s.size, mtimeMs: s.mtimeMs };
    if (!unchanged) {
      last = current;
      since = now;
    }
    const oldEnough = options.trustOldMtime === true && current.mtimeMs <= now - delayMs;
    if (oldEnough || (unchanged && now - since >= delayMs)) {
      const opened = await canOpenForReading(path);
      if (opened.ok) return { kind: 'stable', size: current.size, mtimeMs: current.mtimeMs };
      if (opened.code === 'ENOENT') return { kind: 'vanished' };
      if (opened.code === 'EACCES') return { kind: 'denied', message: deniedMessage(path) };
      if (LOCK_CODES.has(opened.code))
        return { kind: 'locked', message: `Le fichier est ouvert par un autre programme : ${path}` };
      throw Object.assign(new Error(`open ${path}: ${opened.code}`), { code: opened.code });
    }
    if (now - started > maxWaitMs)
      return { kind: 'locked', message: `Le fichier est encore en cours d’écriture : ${path}` };
    await sleep(unchanged ? Math.min(pollMs, delayMs - (now - since)) : pollMs, options.signal);
  }
}
