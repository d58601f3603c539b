// The watched folders of a running capture service: one FolderWatcher each (native
// notifications, or listing on network shares), and the reconciliation scan that compares a
// folder's listing with what the database knows.
import type { EventBus } from '../events';
import type { DocumentRepository } from '../store/documents';
import type { WatchedFolder } from '../store/watched-folders';
import type { IgnoreRules } from './ignore';
import { unreadableDirMessage } from './messages';
import type { Candidate, ResolvedCaptureSettings } from './types';
import { toRelative, walkFiles } from './walk';
import { FolderWatcher, chooseWatchMode } from './watcher';

export interface FolderWatchingOptions {
  settings: ResolvedCaptureSettings;
  bus: EventBus;
  docs: DocumentRepository;
  log: (message: string) => void;
  isExcluded: (path: string) => boolean;
  /** Hands a file over to the intake pipeline. */
  submit: (c: Candidate) => void;
  /** A file waiting for its retry timer is left to it by scans. */
  retryPending: (c: Candidate) => boolean;
  /** Aborted when the service stops. */
  signal: () => AbortSignal;
}

export function watchCandidate(folder: WatchedFolder, path: string): Candidate {
  return {
    profileId: folder.profileId,
    folderId: folder.id,
    path,
    relativePath: toRelative(folder.path, path),
    origin: 'watch',
  };
}

export class FolderWatching {
  private readonly o: FolderWatchingOptions;
  private readonly watchers = new Map<string, FolderWatcher>();
  /** Per watched folder: sub-folders it could not list at its last scan, with the message. */
  private readonly unreadable = new Map<string, Map<string, string>>();

  constructor(o: FolderWatchingOptions) {
    this.o = o;
  }

  has(folderId: string): boolean {
    return this.watchers.has(folderId);
  }

  modeOf(folderId: string): 'native' | 'polling' | null {
    return this.watchers.get(folderId)?.mode ?? null;
  }

  /** Starts watching (replacing a watcher of the same folder). */
  async add(folder: WatchedFolder): Promise<void> {
    await this.remove(folder.id);
    const s = this.o.settings;
    const watcher: FolderWatcher = new FolderWatcher({
      folder,
      mode: chooseWatchMode(folder, s.forcePolling),
      pollIntervalMs: s.pollIntervalMs,
      reconcileIntervalMs: s.reconcileIntervalMs,
      nativeRetryMs: s.nativeRetryMs,
      onCandidate: (path) => {
        if (!this.o.isExcluded(path)) this.o.submit(watchCandidate(folder, path));
      },
      isExcluded: (path) => this.o.isExcluded(path),
      reconcile: (): Promise<void> => this.reconcile(folder, watcher.rules),
      onError: (message) =>
        this.o.bus.emit({ type: 'capture.error', profileId: folder.profileId, path: folder.path, message }),
      log: this.o.log,
    });
    this.watchers.set(folder.id, watcher);
    try {
      await watcher.start();
    } catch (e) {
      this.watchers.delete(folder.id);
      this.o.bus.emit({
        type: 'capture.error',
        profileId: folder.profileId,
        path: folder.path,
        message: `Le dossier ${folder.path} ne peut pas être surveillé : ${(e as Error).message}`,
      });
    }
  }

  async remove(folderId: string): Promise<void> {
    const w = this.watchers.get(folderId);
    this.watchers.delete(folderId);
    this.unreadable.delete(folderId);
    await w?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
  }

  /** Runs a catch-up scan of the folders `wanted` selects. */
  async reconcileSoon(wanted: (folderId: string) => boolean): Promise<void> {
    const targets = [...this.watchers.entries()].filter(([id]) => wanted(id));
    await Promise.all(targets.map(([, w]) => w.reconcileSoon()));
  }

  /** Lists one folder afresh (a notification the system lost, a file the last poll missed). */
  async lookAgain(folderId: string): Promise<void> {
    await this.watchers.get(folderId)?.reconcileFresh();
  }

  /** Sub-folders of a watched folder that could not be listed at its last scan. */
  unreadableDirsOf(folderId: string): Array<{ dir: string; message: string }> {
    return [...(this.unreadable.get(folderId)?.entries() ?? [])].map(([dir, message]) => ({ dir, message }));
  }

  /** Why a folder is polled although native notifications were wanted (French), or null. */
  noticeOf(folderId: string): string | null {
    return this.watchers.get(folderId)?.notice ?? null;
  }

  private async reconcile(folder: WatchedFolder, rules: IgnoreRules): Promise<void> {
    const known = this.o.docs.knownFiles(folder.profileId);
    const before = this.unreadable.get(folder.id) ?? new Map<string, string>();
    const now = new Map<string, string>();
    const signal = this.o.signal();
    await walkFiles(
      folder.path,
      rules,
      (f) => {
        const k = known.get(f.path);
        if (k && k.size === f.size && k.mtimeMs === f.mtimeMs) return;
        const c = watchCandidate(folder, f.path);
        if (this.o.retryPending(c)) return;
        this.o.submit(c);
      },
      {
        signal,
        exclude: (p) => this.o.isExcluded(p),
        onUnreadableDir: (dir, code) => {
          const message = unreadableDirMessage(dir, code);
          now.set(dir, message);
          // Told once (a toast every 10 s of polling would drown the user), then shown on
          // the folder until it can be read again.
          if (before.has(dir)) return;
          this.o.log(message);
          this.o.bus.emit({ type: 'capture.error', profileId: folder.profileId, path: dir, message });
        },
      },
    );
    // A cancelled walk saw only part of the tree: keep what was known. A folder removed
    // meanwhile keeps no state.
    if (signal.aborted || !this.watchers.has(folder.id)) return;
    if (now.size > 0) this.unreadable.set(folder.id, now);
    else this.unreadable.delete(folder.id);
  }
}
