// Recursive listing that skips ignored names and excluded sub-folders (no symlink following).
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { IgnoreRules } from './ignore';

export interface ListedFile {
  path: string;
  /** Relative to the walk root, with `/` separators. */
  relativePath: string;
  size: number;
  mtimeMs: number;
}

export function toRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

export async function walkFiles(
  root: string,
  rules: IgnoreRules,
  onFile: (f: ListedFile) => void,
  options: {
    withStat?: boolean;
    signal?: AbortSignal;
    /** A sub-folder that exists but cannot be listed (EACCES…): told, then skipped. */
    onUnreadableDir?: (dir: string, code: string) => void;
    /** Absolute paths (files or folders) never to list: Sceau's own data folder. */
    exclude?: (path: string) => boolean;
  } = {},
): Promise<void> {
  const withStat = options.withStat ?? true;
  const stack = [root];
  while (stack.length > 0) {
    if (options.signal?.aborted) return;
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      // Vanished: nothing to say. Unreadable: the caller tells the user; the next scan retries.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') options.onUnreadableDir?.(dir, code);
      continue;
    }
    const files: string[] = [];
    for (const e of entries) {
      const full = join(dir, e.name);
      const rel = toRelative(root, full);
      if (rules.isIgnored(rel)) continue;
      if (options.exclude?.(full)) continue;
      // Dirent types come from lstat: a symlink is neither a folder nor a file, never followed.
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) files.push(full);
    }
    if (!withStat) {
      for (const f of files) onFile({ path: f, relativePath: toRelative(root, f), size: -1, mtimeMs: -1 });
      continue;
    }
    // Stat a directory's files concurrently; the thread pool bounds the real parallelism.
    // lstat: a file swapped for a link since the listing is not followed either.
    const stats = await Promise.all(files.map((f) => lstat(f).catch(() => null)));
    stats.forEach((s, i) => {
      if (s?.isFile())
        onFile({ path: files[i]!, relativePath: toRelative(root, files[i]!), size: s.size, mtimeMs: s.mtimeMs });
    });
  }
}
