// Dropped files/folders and CLI paths → the list of candidates to seal, plus what is told at
// once (missing, unreadable, Sceau's own data, hidden files). Folders are taken recursively,
// their own name kept in the relative path (rules may read a nature from it). The same file
// given twice (alone and inside its folder, or twice in the list) is taken once.
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { DocumentOrigin } from '../store/documents';
import { IgnoreRules, isHiddenOnly, isIgnoredName } from './ignore';
import { dataFolderMessage, HIDDEN_REASON, unreadableDirMessage } from './messages';
import type { Candidate, CandidateResult } from './types';
import { toRelative, walkFiles } from './walk';

/** In the order given: a file to seal, or an answer known without sealing. */
export type IntakeItem = { candidate: Candidate } | { result: CandidateResult };

export interface IntakeWalk {
  items: IntakeItem[];
  /** Paths that do not exist. */
  missing: Array<{ path: string; message: string }>;
}

export async function walkIntakePaths(
  profileId: string,
  paths: readonly string[],
  origin: DocumentOrigin,
  isExcluded: (path: string) => boolean,
): Promise<IntakeWalk> {
  const items: IntakeItem[] = [];
  const missing: Array<{ path: string; message: string }> = [];
  const noRules = new IgnoreRules([]);
  const seen = new Set<string>();
  const once = (p: string): boolean => {
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
      try {
        await walkFiles(
          p,
          noRules,
          (f) => {
            const rel = toRelative(base, f.path);
            if (!noRules.isIgnored(rel)) take({ profileId, folderId: null, path: f.path, relativePath: rel, origin });
          },
          { withStat: false, exclude: isExcluded, onUnreadableDir: unreadable },
        );
      } catch (e) {
        unreadable(p, (e as NodeJS.ErrnoException).code ?? 'EIO');
      }
    } else if (isIgnoredName(basename(p))) {
      tell(
        isHiddenOnly(basename(p)) ? { path: p, kind: 'ignored', message: HIDDEN_REASON } : { path: p, kind: 'ignored' },
      );
    } else {
      take({ profileId, folderId: null, path: p, relativePath: basename(p), origin, followLink: true });
    }
  }
  return { items, missing };
}
