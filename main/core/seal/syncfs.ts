// One durability barrier for a whole batch: syncfs(2) on the vault's file system, through
// coreutils' `sync -f` (Node has no binding for it). Measured here for 128 new 4 KiB files:
// one fdatasync each 200–860 ms, `sync -f` 40–70 ms. Where it is missing (Windows, macOS,
// a system without `sync -f`) the batch falls back to one fdatasync per file.
import { spawnSync } from 'node:child_process';

let available: boolean | undefined;

/** Whether syncfs can be used for the vault (probed once per thread, on the vault itself). */
export function syncfsAvailable(vaultDir: string): boolean {
  if (available === undefined) {
    if (process.platform !== 'linux' || process.env.SCEAU_NO_SYNCFS === '1') available = false;
    else {
      const r = spawnSync('sync', ['-f', vaultDir], { stdio: 'ignore' });
      available = r.error === undefined && r.status === 0;
    }
  }
  return available;
}

/**
 * Flushes every dirty page and inode of the file system holding `path` (data, metadata and
 * directory entries). Since Linux 5.8 a write-back error is reported: then nothing written
 * since the last barrier may be trusted.
 */
export function syncFileSystemSync(path: string): void {
  const r = spawnSync('sync', ['-f', path], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const detail = r.stderr?.toString().trim() ?? '';
    throw Object.assign(new Error(`syncfs ${path}: ${detail || `code ${String(r.status)}`}`), {
      code: writeBackCode(detail),
    });
  }
}

/** What `sync` said, as the errno the user's message is chosen by: a full disk is not a broken one. */
function writeBackCode(detail: string): string {
  if (/No space left on device/i.test(detail)) return 'ENOSPC';
  if (/Disk quota exceeded/i.test(detail)) return 'EDQUOT';
  return 'EIO';
}
