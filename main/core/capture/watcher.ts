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
  /** After a failed native subscription, native is tried again after this delay (default 5 min). */
  nativeRetryMs?: number;
  /** Technical causes (the user gets the French text through onError). */
  log?: (message: string) => void;
}

export class FolderWatcher {
  private subscription: AsyncSubscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private stopped = false;
  private current: EffectiveWatchMode;
  /** Why native notifications are off for now (French), null while they work. */
  private fallbackNotice: string | null = null;
  private nativeRetry: NodeJS.Timeout | null = null;
  readonly rules: IgnoreRules;

  private readonly o: FolderWatcherOptions;

  constructor(o: FolderWatcherOptions) {
    this.o = o;
    this.rules = new IgnoreRules(o.folder.exclusions);
    this.current = o.mode;
  }

  /** The mode in effect: polling while a native subscription cannot be had. */
  get mode(): EffectiveWatchMode {
    return this.current;
  }

  /** Why this folder is polled although native notifications were wanted (French), or null. */
  get notice(): string | null {
    return this.fallbackNotice;
  }

  /**
   * Resolves once notifications are live (the catch-up scan runs in the background). A native
   * subscription that fails (a path over 4,096 bytes, the inotify watch limit…) does not leave
   * the folder unwatched: it is polled, and native is tried again later.
   */
  async start(): Promise<void> {
    if (this.o.mode === 'native') {
      try {
        await this.subscribeNative();
      } catch (e) {
        this.fallBack(e);
      }
    }
    this.armTimer();
    this.reconcileSoon();
  }

  private armTimer(): void {
    if (this.timer) clearInterval(this.timer);
    const interval = this.current === 'polling' ? this.o.pollIntervalMs : this.o.reconcileIntervalMs;
    this.timer = setInterval(() => this.reconcileSoon(), interval);
    this.timer.unref?.();
  }

  private fallBack(e: unknown): void {
    const cause = e instanceof Error ? e.message : String(e);
    this.current = 'polling';
    const retryMs = this.o.nativeRetryMs ?? 5 * 60_000;
    this.fallbackNotice =
      `La surveillance instantanée du dossier ${this.o.folder.path} n’a pas pu démarrer : ${nativeFailureReason(cause)}. ` +
      `Sceau le relève toutes les ${duration(this.o.pollIntervalMs)} à la place et réessaiera la surveillance instantanée dans ${duration(retryMs)}.`;
    this.o.log?.(`native watch of ${this.o.folder.path} failed, polling instead: ${cause}`);
    this.o.onError(this.fallbackNotice);
    this.nativeRetry = setTimeout(() => void this.retryNative(), retryMs);
    this.nativeRetry.unref?.();
  }

  private async retryNative(): Promise<void> {
    this.nativeRetry = null;
    if (this.stopped) return;
    try {
      await this.subscribeNative();
    } catch (e) {
      const retryMs = this.o.nativeRetryMs ?? 5 * 60_000;
      this.o.log?.(
        `native watch of ${this.o.folder.path} still failing: ${e instanceof Error ? e.message : String(e)}`,
      );
      this.nativeRetry = setTimeout(() => void this.retryNative(), retryMs);
      this.nativeRetry.unref?.();
      return;
    }
    if (this.stopped) {
      await this.unsubscribe();
      return;
    }
    this.o.log?.(`native watch of ${this.o.folder.path} works again`);
    this.current = 'native';
    this.fallbackNotice = null;
    this.armTimer();
    // Whatever changed between the last listing and the subscription.
    this.reconcileSoon();
  }

  private async subscribeNative(): Promise<void> {
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

  private async unsubscribe(): Promise<void> {
    const sub = this.subscription;
    this.subscription = null;
    await sub?.unsubscribe();
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

  /** A listing started now: one already running may predate the newest files. */
  async reconcileFresh(): Promise<void> {
    await this.reconciling;
    await this.reconcileSoon();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.nativeRetry) clearTimeout(this.nativeRetry);
    this.nativeRetry = null;
    await this.unsubscribe();
    await this.reconciling;
  }
}

/** French reason for a failed native subscription (@parcel/watcher gives the C library's text). */
export function nativeFailureReason(cause: string): string {
  if (/File name too long|ENAMETOOLONG/i.test(cause)) {
    const path = /'([^']*)'/.exec(cause)?.[1];
    return `chemin trop long (plus de 4 096 caractères)${path ? ` : ${abbreviate(path)}` : ''}`;
  }
  if (/No space left on device|ENOSPC|Too many open files|EMFILE/i.test(cause))
    return 'limite du système pour le nombre de dossiers surveillés atteinte (fs.inotify.max_user_watches sous Linux)';
  if (/Permission denied|EACCES/i.test(cause)) return 'accès refusé à un sous-dossier';
  return cause;
}

function abbreviate(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 70)}…${path.slice(-70)}`;
}

function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${(ms / 1000).toLocaleString('fr-FR')} s`;
}
