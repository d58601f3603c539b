// French texts of the intake path, shared by the drop walk and the watched folders.
import { SealError } from '../seal/seal-core';

/** « Dossier illisible » for a folder that exists but cannot be listed. */
export function unreadableDirMessage(dir: string, code: string): string {
  if (code === 'ENAMETOOLONG')
    return `Dossier ignoré : chemin trop long (plus de 4 096 caractères) (${dir}). Raccourcissez les noms de ses dossiers ; son contenu n’est pas versé.`;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'accès refusé'
      : code === 'ELOOP'
        ? 'boucle de liens symboliques'
        : code === 'EIO'
          ? 'erreur de lecture du disque'
          : code === 'EMFILE' || code === 'ENFILE'
            ? 'trop de fichiers ouverts'
            : 'il ne peut pas être parcouru';
  return `Dossier illisible : ${why} (${dir}). Vérifiez ses droits ; son contenu n’est pas versé.`;
}

// Without the path (the result is listed against it): a path such as /dev/null would read as
// a technical word in the message.
export function notAFileMessage(): string {
  return 'Cet élément n’est pas un fichier ordinaire (tube, prise ou périphérique) : il n’est pas scellé.';
}

export function symlinkMessage(path: string): string {
  return `${path} est un lien symbolique : il n’est pas suivi ni scellé.`;
}

export const HIDDEN_REASON = 'Fichier caché : il n’est pas versé.';

export function dataFolderMessage(path: string): string {
  return `${path} fait partie des données de Sceau : il n’est pas versé.`;
}

/**
 * A sealed file whose record the database could not write (its disk full, an I/O error): a
 * SealError the service retries like a vault-side failure, told in French (never SQLite's
 * « database or disk is full »). null: any other failure.
 */
export function recordFailure(e: unknown, path: string): SealError | null {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL')
    return new SealError(
      'transient',
      `Plus d’espace libre sur le disque des données de Sceau (disque plein) : libérez de la place ; le dépôt reprendra. Fichier non enregistré : ${path}`,
      path,
    );
  if (code.startsWith('SQLITE_IOERR'))
    return new SealError(
      'transient',
      `Erreur matérielle d’écriture dans la base de Sceau pendant l’enregistrement de ${path} : il sera repris.`,
      path,
    );
  return null;
}
