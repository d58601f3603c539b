// The names a dropped file may travel under, checked alike by the page (before sending: a file
// the host would refuse is told as set aside, not sent) and by the web host (after receiving).
/** Longest name component most file systems take (ext4, NTFS, APFS: 255). */
export const MAX_COMPONENT_BYTES = 255;
/** Longest relative name accepted: deep enough for any real tree, far under PATH_MAX. */
export const MAX_RELATIVE_NAME_BYTES = 1024;

const utf8 = new TextEncoder();

/**
 * A dropped file's relative name (already decoded), made safe: no absolute path, no "..", no
 * control character (NUL included), no component or whole name longer than a disk takes.
 */
export function cleanRelativeName(decoded: string): string | null {
  const parts = decoded
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (
    parts.length === 0 ||
    // eslint-disable-next-line no-control-regex
    parts.some((p) => p === '..' || /[\u0000-\u001f\u007f]/.test(p) || utf8.encode(p).length > MAX_COMPONENT_BYTES)
  )
    return null;
  const name = parts.join('/');
  return utf8.encode(name).length > MAX_RELATIVE_NAME_BYTES ? null : name;
}

/** A name as a French message may show it: control characters made visible, kept short. */
export function shownName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = name.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
  return visible.length > 80 ? `${visible.slice(0, 38)}…${visible.slice(-38)}` : visible;
}

/** Why the page did not send a file whose name the host would refuse (French). */
export function unsendableReason(name: string): string {
  return `Nom de fichier que le disque ne peut pas recevoir (« ${shownName(name)} » : caractère de contrôle, ou nom trop long) : renommez-le, puis déposez-le à nouveau.`;
}
