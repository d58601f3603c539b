// Dropped files/folders and CLI paths → candidates to seal, plus what is told at once
// (missing, unreadable, Sceau's own data, hidden files). Folders are taken recursively, their
// own name kept in the relative path (rules may read a nature from it). The same file given
// twice (alone and inside its folder, or twice in the list) is taken once.
// The walk is a generator of bounded chunks: a drop of 100,000 files is listed as it is
// sealed, never held whole in memory (the consumer pulls the next chunk when it has room).
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DocumentOrigin } from '../store/documents';
import { IgnoreRules, isHiddenOnly, isIgnoredName } from './ignore';
import { dataFolderMessage, HIDDEN_REASON, unreadableDirMessage } from './messages';
import type { Candidate, CandidateResult } from './types';
import { toRelative } from './walk';

/** In the order given: a file to seal, or an answer known without sealing. */
export type IntakeItem = { candidate: Candidate } | { result: CandidateResult };

export interface IntakeChunk {
  items: IntakeItem[];
  /** Paths that do not exist (told once, with the chunk that met them). */
  missing: Array<{ path: string; message: string }>;
  /** No chunk follows. */
  last: boolean;
}

export async function* walkIntakeChunks(
  profileId: string,
  paths: readonly string[],
  origin: DocumentOrigin,
  isExcluded: (path: string) => boolean,
  chunkSize: number,
): AsyncGenerator<IntakeChunk> {
  let items: IntakeItem[] = [];
  let missing: Array<{ path: string; message: string }> = [];
  const noRules = new IgnoreRules([]);
  // One folder listed alone cannot meet a path twice: the set is kept only for several paths.
  const seen = paths.length > 1 ? new Set<string>() : null;
  const once = (p: string): boolean => {
    if (!seen) return true;
    if (seen.has(p)) return false;
    seen.add(p);
    return true;
  };
  const take = (c: Candidate): void => {
    if (once(c.path)) items.push({ candidate: c });
  };
  const tell = (r: CandidateResult): void => {
    if (once(r.path)) items.push({ result: r });
  };
  const unreadable = (dir: string, code: string): void =>
    tell({ path: dir, kind: 'error', message: unreadableDirMessage(dir, code) });
  const full = (): boolean => items.length >= chunkSize;
  const cut = (): IntakeChunk => {
    const chunk = { items, missing, last: false };
    items = [];
    missing = [];
    return chunk;
  };

  for (const raw of paths) {
    const p = resolve(raw);
    let s;
    try {
      // A link given explicitly at the top level is the user's choice: followed (only here).
      s = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'EACCES' || code === 'EPERM') unreadable(p, code);
      else missing.push({ path: p, message: `Fichier ou dossier introuvable : ${p}` });
      continue;
    }
    if (isExcluded(p)) {
      tell({ path: p, kind: 'ignored', message: dataFolderMessage(p) });
      continue;
    }
    if (s.isDirectory()) {
      const base = dirname(p);
      // Every relative path starts with the dropped folder's own name.
      const rootIgnored = noRules.isIgnored(toRelative(base, p));
      // Depth first, a folder's files in listing order (as walk.ts lists a watched folder);
      // hidden or temporary names and Sceau's own folders are skipped without a word.
      const stack = [{ dir: p, rel: toRelative(base, p) }];
      while (stack.length > 0) {
        const { dir, rel: dirRel } = stack.pop()!;
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
          if (dir === p) unreadable(p, code);
          else if (code !== 'ENOENT' && code !== 'ENOTDIR') unreadable(dir, code);
          continue;
        }
        for (const e of entries) {
          // The folders above passed these checks already: the entry's own name is enough
          // (as isIgnored of its whole relative path would say, without re-splitting it).
          if (isIgnoredName(e.name)) continue;
          const f = join(dir, e.name);
          if (isExcluded(f)) continue;
          const rel = dirRel === '' ? e.name : `${dirRel}/${e.name}`;
          // Dirent types come from lstat: a symlink inside a folder is never followed.
          if (e.isDirectory()) stack.push({ dir: f, rel });
          else if (e.isFile()) {
            if (!rootIgnored) take({ profileId, folderId: null, path: f, relativePath: rel, origin });
            if (full()) yield cut();
          }
        }
      }
    } else if (isIgnoredName(basename(p))) {
      tell(
        isHiddenOnly(basename(p)) ? { path: p, kind: 'ignored', message: HIDDEN_REASON } : { path: p, kind: 'ignored' },
      );
    } else {
      take({ profileId, folderId: null, path: p, relativePath: basename(p), origin, followLink: true });
    }
    if (full()) yield cut();
  }
  yield { items, missing, last: true };
}
