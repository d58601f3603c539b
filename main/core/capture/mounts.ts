// Chooses polling for network shares, where native change notifications are unreliable.
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const NETWORK_FS = new Set([
  'cifs',
  'smb3',
  'smbfs',
  'nfs',
  'nfs4',
  'afs',
  'ncpfs',
  'davfs',
  'fuse.sshfs',
  'fuse.davfs2',
  '9p',
  'fuse.rclone',
  'glusterfs',
  'ceph',
]);

export function isUncPath(p: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/][^\\/]+/.test(p) && !/^\\\\[?.]\\/.test(p);
}

/** Decodes the octal escapes /proc/mounts uses for spaces etc. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseProcMounts(text: string): Array<{ mountPoint: string; fsType: string }> {
  return text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length >= 3)
    .map((f) => ({ mountPoint: unescapeMount(f[1]!), fsType: f[2]! }));
}

export function fileSystemTypeOf(path: string, mountsText?: string): string | null {
  let text = mountsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/mounts', 'utf8');
    } catch {
      return null;
    }
  }
  const abs = resolve(path);
  let best: { mountPoint: string; fsType: string } | null = null;
  for (const m of parseProcMounts(text)) {
    const mp = m.mountPoint;
    const inside = abs === mp || abs.startsWith(mp.endsWith(sep) ? mp : mp + sep);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best?.fsType ?? null;
}

export function isNetworkPath(path: string, mountsText?: string): boolean {
  if (isUncPath(path)) return true;
  if (process.platform !== 'linux' && mountsText === undefined) return false;
  const type = fileSystemTypeOf(path, mountsText);
  return type !== null && NETWORK_FS.has(type.toLowerCase());
}
