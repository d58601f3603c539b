// Whether a folder can be watched, said in French: the assistant checks a typed path before
// it ends (issue 17 §10: a wrong path used to be accepted and fail later), and addFolder
// refuses with the same words. Nothing here follows the renderer's word: the path is
// resolved, stat-ed and opened by the engine.
import { constants } from 'node:fs';
import { access, opendir, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FolderCheck } from '../../contract/api';
import { UserError } from '../api/dispatch';
import { isWithin, type FileAccess } from './file-access';

export interface FolderCheckDeps {
  dataDir: string;
  fileAccess: Pick<FileAccess, 'checkWatch'>;
}

/** « ~/Délibérations » as a user types it → the home folder's child. */
function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  return p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(2)) : p;
}

function fsProblem(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return `Le dossier « ${shown} » est introuvable. Vérifiez le chemin ou que le partage réseau est bien connecté.`;
  if (code === 'EACCES' || code === 'EPERM')
    return `Sceau n’a pas le droit d’ouvrir « ${shown} ». Demandez l’accès à ce dossier ou choisissez-en un autre.`;
  if (code === 'ELOOP') return `« ${shown} » est un lien qui renvoie sur lui-même : indiquez le dossier réel.`;
  if (code === 'ENAMETOOLONG') return 'Ce chemin est trop long.';
  return `Le dossier « ${shown} » n’a pas pu être lu. Vérifiez le chemin ou choisissez un autre dossier.`;
}

/** A check result; `forbidden` marks a path outside what this host may reach (never sent out). */
export type WatchableCheck = FolderCheck & { forbidden?: true };

/** The check itself; `message` is null when the folder can be watched. */
export async function checkWatchableFolder(deps: FolderCheckDeps, typed: string): Promise<WatchableCheck> {
  const trimmed = typed.trim();
  if (trimmed === '') return { ok: false, path: '', message: 'Indiquez le chemin du dossier à surveiller.' };
  // Control characters never belong in a folder name someone typed (and \0 cuts paths short).
  if (/\p{Cc}/u.test(trimmed)) return { ok: false, path: '', message: 'Ce chemin contient un caractère invalide.' };
  const expanded = expandHome(trimmed);
  if (!path.isAbsolute(expanded))
    return {
      ok: false,
      path: '',
      message:
        'Indiquez le chemin complet du dossier, depuis la racine (par exemple /home/marie/Délibérations ou C:\\Mairie\\Délibérations).',
    };
  const resolved = path.resolve(expanded);
  const fail = (message: string): FolderCheck => ({ ok: false, path: resolved, message });
  // Reach first: a path this host may not watch is refused before it is even looked at, so
  // the answer does not tell whether it exists.
  try {
    deps.fileAccess.checkWatch(resolved);
  } catch (error) {
    if (error instanceof UserError)
      return { ...fail(error.message), ...(error.code === 'forbidden' ? { forbidden: true } : {}) };
    throw error;
  }
  let info;
  try {
    info = await stat(resolved);
  } catch (error) {
    return fail(fsProblem(error, resolved));
  }
  if (!info.isDirectory()) return fail(`« ${resolved} » n’est pas un dossier.`);
  try {
    await access(resolved, constants.R_OK | constants.X_OK);
    // Reading one entry proves the listing works (a dead network share can pass stat).
    const dir = await opendir(resolved, { bufferSize: 1 });
    try {
      await dir.read();
    } finally {
      await dir.close().catch(() => undefined);
    }
  } catch (error) {
    return fail(fsProblem(error, resolved));
  }
  // Judged by where it really is: a symbolic link to Sceau's data is still Sceau's data.
  const real = await realPathOf(resolved);
  const data = await realPathOf(deps.dataDir);
  if (isWithin(resolved, deps.dataDir) || isWithin(real, data))
    return fail('Ce dossier appartient à Sceau lui-même : choisissez un dossier de documents.');
  // Watching a folder that holds Sceau's data would seal its own vault and database, endlessly.
  if (isWithin(deps.dataDir, resolved) || isWithin(data, real))
    return fail(
      'Ce dossier contient les données de Sceau (son coffre et sa base) : choisissez un dossier de documents qui ne les contient pas.',
    );
  return { ok: true, path: resolved, message: null };
}

/** The folder a path really names (links followed); the path itself when it cannot be resolved. */
export async function realPathOf(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}
