// Change notifications for one watched folder: @parcel/watcher on local disks, listing-based
// polling on network shares (SMB/NFS/CIFS, UNC paths) where notifications are unreliable.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AsyncSubscription } from '@parcel/watcher';
import type { WatchedFolder } from '../store/watched-folders';
import { isNetworkPath } from './mounts';
import { IgnoreRules } from './ignore';
import { toRelative, walkFiles } from './walk';

export type EffectiveWatchMode = 'native' | 'polling';

export function chooseWatchMode(
  folder: Pick<WatchedFolder, 'path' | 'mode'>,
  forcePolling = false,
): EffectiveWatchMode {
  if (forcePolling || folder.mode === 'polling') return 'polling';
  if (folder.mode === 'native') return 'native';
  return isNetworkPath(folder.path) ? 'polling' : 'native';
}

export interface FolderWatcherOptions {
  folder: WatchedFolder;
  mode: EffectiveWatchMode;
  /** Polling mode: how often to list the folder. */
  pollIntervalMs: number;
  /** Native mode: periodic safety reconciliation. */
  reconcileIntervalMs: number;
  /** A file that may be new or changed. */
  onCandidate: (path: string) => void;
  /** Compare the whole listing with what is known (catch-up scan and polling). */
  reconcile: () => Promise<void>;
  /** Paths never captured (Sceau's own data folder). */
  isExcluded?: (path: string) => boolean;
  onError: (message: string) => void;
}

export class FolderWatcher {
  private subscription: AsyncSubscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private stopped = false;
  readonly rules: IgnoreRules;

  private readonly o: FolderWatcherOptions;

  constructor(o: FolderWatcherOptions) {
    this.o = o;
    this.rules = new IgnoreRules(o.folder.exclusions);
  }

  get mode(): EffectiveWatchMode {
    return this.o.mode;
  }

  /** Resolves once notifications are live (the catch-up scan runs in the background). */
  async start(): Promise<void> {
    if (this.o.mode === 'native') {
      const { subscribe } = await import('@parcel/watcher');
      this.subscription = await subscribe(this.o.folder.path, (err, events) => {
        if (err) {
          this.o.onError(`La surveillance du dossier ${this.o.folder.path} a rencontré une erreur : ${err.message}`);
          this.reconcileSoon();
          return;
        }
        for (const ev of events) {
          if (ev.type === 'delete') continue; // a move shows up as a create elsewhere
          const rel = toRelative(this.o.folder.path, ev.path);
          if (rel.startsWith('..') || this.rules.isIgnored(rel)) continue;
          void this.onPath(ev.path);
        }
      });
    }
    const interval = this.o.mode === 'polling' ? this.o.pollIntervalMs : this.o.reconcileIntervalMs;
    this.timer = setInterval(() => this.reconcileSoon(), interval);
    this.timer.unref?.();
    this.reconcileSoon();
  }

  private async onPath(path: string): Promise<void> {
    try {
      if (this.o.isExcluded?.(path)) return;
      // lstat: a symlink (to a file or to a folder, inside or outside) is never followed.
      const s = await lstat(path);
      if (s.isSymbolicLink() || (await this.throughLink(path))) return;
      if (s.isFile()) this.o.onCandidate(path);
      else if (s.isDirectory()) {
        // A folder moved in arrives as one event: list its content.
        await walkFiles(
          path,
          new IgnoreRules([]),
          (f) => {
            const rel = toRelative(this.o.folder.path, f.path);
            if (!this.rules.isIgnored(rel)) this.o.onCandidate(f.path);
          },
          { withStat: false, ...(this.o.isExcluded ? { exclude: this.o.isExcluded } : {}) },
        );
      }
    } catch {
      // Gone already: nothing to capture.
    }
  }

  /** True when a folder between the watched root and `path` is a symlink (never entered). */
  private async throughLink(path: string): Promise<boolean> {
    const parts = toRelative(this.o.folder.path, path).split('/').slice(0, -1);
    let dir = this.o.folder.path;
    for (const part of parts) {
      dir = join(dir, part);
      if ((await lstat(dir)).isSymbolicLink()) return true;
    }
    return false;
  }

  /** One reconciliation at a time; calls during a run are merged. */
  reconcileSoon(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.reconciling) {
      this.reconciling = this.o
        .reconcile()
        .catch((e: unknown) =>
          this.o.onError(`Le dossier ${this.o.folder.path} n’a pas pu être parcouru : ${(e as Error).message}`),
        )
        .finally(() => {
          this.reconciling = null;
        });
    }
    return this.reconciling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const sub = this.subscription;
    this.subscription = null;
    await sub?.unsubscribe();
    await this.reconciling;
  }
}
