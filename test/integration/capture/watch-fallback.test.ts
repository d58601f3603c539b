// Issue 16 item 4: a native subscription that fails (here ENAMETOOLONG: a path over 4,096
// bytes inside the watched folder; an inotify watch limit fails the same way) must not leave
// the folder unwatched. It falls back to polling, says why in French, lists the over-long
// path, and tries native notifications again later.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureService } from '../../../main/core/capture/service';
import { WatchedFolderRepository } from '../../../main/core/store/watched-folders';
import { makeFixture, type Fixture } from '../../unit/capture/helpers';
import { waitFor } from '../../tools/wait';

let fx: Fixture;
let service: CaptureService | null = null;
let watchDir: string;
/** Where the deep tree is built and put back (short path: removable). */
let parked: string;
let deepRoot: string;

const SEG = 'd'.repeat(200);

/**
 * A chain of folders whose deepest path is over 4,096 bytes, built with short paths only:
 * half of it inside the watched folder, half built aside then moved under it.
 */
function buildOverLongTree(): string {
  let inner = watchDir;
  for (let i = 0; i < 12; i++) inner = join(inner, SEG);
  mkdirSync(inner, { recursive: true });
  let aside = parked;
  for (let i = 0; i < 12; i++) aside = join(aside, SEG);
  mkdirSync(aside, { recursive: true });
  writeFileSync(join(aside, 'trop-profond.pdf'), 'x');
  deepRoot = join(inner, 'profond');
  renameSync(parked, deepRoot);
  return deepRoot;
}

/** Moves the over-long part back out (short target path), so the folder can be removed. */
function removeOverLongPart(): void {
  renameSync(deepRoot, parked);
}

beforeEach(() => {
  fx = makeFixture('sceau-watch-fallback-');
  watchDir = join(fx.dir, 'Actes');
  mkdirSync(watchDir);
  parked = join(fx.dir, 'p');
});
afterEach(async () => {
  await service?.stop();
  service = null;
  try {
    removeOverLongPart();
  } catch {
    // already moved back
  }
  fx.cleanup();
});

const docCount = (): number => (fx.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;

describe('watched folder whose native subscription fails', () => {
  it('falls back to polling, tells the cause in French, lists the over-long path and keeps sealing', async () => {
    buildOverLongTree();
    const folder = new WatchedFolderRepository(fx.db).add({ profileId: fx.profileId, path: watchDir });
    const logs: string[] = [];
    service = new CaptureService({
      db: fx.db,
      vaultDir: fx.vaultDir,
      bus: fx.bus,
      settings: { stabilityDelayMs: 200, pollIntervalMs: 200, nativeRetryMs: 60_000 },
      log: (m) => logs.push(m),
    });
    await service.start();

    // Watched, by listing, not abandoned.
    expect(service.watchModeOf(folder.id)).toBe('polling');
    writeFileSync(join(watchDir, 'acte.pdf'), 'contenu');
    await waitFor(() => docCount() === 1, 10_000);

    // The truth, in French: which folder, why, what Sceau does instead.
    const notice = service.watchNoticeOf(folder.id) ?? '';
    expect(notice).toContain(watchDir);
    expect(notice).toMatch(/chemin trop long/);
    expect(notice).toMatch(/relève toutes les/);
    expect(notice).not.toMatch(/partage déconnecté/);
    const told = fx.events.filter((e) => e.type === 'capture.error').map((e) => (e as { message: string }).message);
    expect(told.some((m) => /chemin trop long/.test(m))).toBe(true);
    // The technical cause is in the log.
    expect(logs.some((m) => /File name too long|ENAMETOOLONG/.test(m))).toBe(true);

    // The over-long sub-folder is skipped and listed, not fatal.
    await service.rescan();
    const skipped = service.unreadableDirsOf(folder.id);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]!.dir.length).toBeGreaterThan(4096);
    expect(skipped[0]!.message).toMatch(/chemin trop long/);
    expect(docCount()).toBe(1);
  });

  it('tries native notifications again later and goes back to them once they work', async () => {
    buildOverLongTree();
    const folder = new WatchedFolderRepository(fx.db).add({ profileId: fx.profileId, path: watchDir });
    service = new CaptureService({
      db: fx.db,
      vaultDir: fx.vaultDir,
      bus: fx.bus,
      settings: { stabilityDelayMs: 200, pollIntervalMs: 200, nativeRetryMs: 300 },
    });
    await service.start();
    expect(service.watchModeOf(folder.id)).toBe('polling');
    removeOverLongPart();
    await waitFor(() => service!.watchModeOf(folder.id) === 'native', 10_000);
    expect(service.watchNoticeOf(folder.id)).toBeNull();
    writeFileSync(join(watchDir, 'acte-2.pdf'), 'contenu 2');
    await waitFor(() => docCount() === 1, 10_000);
  });
});
