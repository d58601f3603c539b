// Node's system errors (« ENOTDIR: not a directory, mkdir '/x' ») are English: the hosts (the
// CLI, the web host) tell them in French, with the path and the code (for the IT staff), never
// Node's own wording.

const REASONS: Record<string, string> = {
  ENOENT: 'introuvable',
  ENOTDIR: 'un élément du chemin n’est pas un dossier',
  EISDIR: 'c’est un dossier, un fichier est attendu',
  EACCES: 'accès refusé (vérifiez les droits)',
  EPERM: 'opération non permise (vérifiez les droits)',
  EROFS: 'le disque est en lecture seule',
  ENOSPC: 'le disque est plein',
  EDQUOT: 'le quota du disque est atteint',
  EEXIST: 'existe déjà',
  ENAMETOOLONG: 'nom trop long',
  ELOOP: 'trop de liens symboliques',
  EMFILE: 'trop de fichiers ouverts',
  EBUSY: 'occupé par un autre programme',
};

/**
 * A Node system error (one with a `code` and a `syscall`) in French, without a final period
 * (« « /x/y » : un élément du chemin n’est pas un dossier (ENOTDIR) »), else null.
 */
export function systemErrorMessage(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const e = error as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || typeof e.syscall !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return null;
  const reason = REASONS[e.code] ?? 'erreur du système';
  const where = typeof e.path === 'string' ? `« ${e.path} » : ` : '';
  return `${where}${reason} (${e.code})`;
}
