// Dropped files arrive in the inbox as `<name>.sceau-upload` and are renamed once complete and
// synced; what a crash or a cut connection left behind is removed when the host starts.
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/** Suffix of an upload still being written. */
export const PARTIAL_UPLOAD_SUFFIX = '.sceau-upload';

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Gio`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mio`;
  if (n >= 1024) return `${(n / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Kio`;
  return `${n} octets`;
}

/** Longest name component most file systems take (ext4, NTFS, APFS: 255). */
const MAX_COMPONENT_BYTES = 255;
/** Longest relative name accepted: deep enough for any real tree, far under PATH_MAX. */
export const MAX_RELATIVE_NAME_BYTES = 1024;

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
    parts.some((p) => p === '..' || /[\u0000-\u001f\u007f]/.test(p) || Buffer.byteLength(p) > MAX_COMPONENT_BYTES)
  )
    return null;
  const name = parts.join('/');
  return Buffer.byteLength(name) > MAX_RELATIVE_NAME_BYTES ? null : name;
}

/**
 * Removes uploads a crash or a cut connection left half-written (`*.sceau-upload`: a file, or
 * a whole batch's folder) and the folders they leave empty; complete files waiting for
 * intake are kept.
 */
export async function purgePartialUploads(inboxDir: string, log: (line: string) => void): Promise<number> {
  let purged = 0;
  /** True when `dir` held partial uploads only (in its subtree) and is now gone. */
  const walk = async (dir: string): Promise<boolean> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    let onlyPartials = entries.length > 0;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name.endsWith(PARTIAL_UPLOAD_SUFFIX)) {
        await rm(full, { recursive: true, force: true });
        purged++;
      } else if (e.isDirectory()) {
        if (!(await walk(full))) onlyPartials = false;
      } else if (e.isFile() && e.name.endsWith(PARTIAL_UPLOAD_SUFFIX)) {
        await rm(full, { force: true });
        purged++;
      } else onlyPartials = false;
    }
    if (!onlyPartials || dir === inboxDir) return false;
    return rmdir(dir).then(
      () => true,
      () => false,
    );
  };
  await walk(inboxDir);
  if (purged > 0) log(`web host: ${purged} interrupted upload(s) removed from the inbox`);
  return purged;
}
