// French texts of the intake path, shared by the drop walk and the watched folders.

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
