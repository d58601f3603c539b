// « 3 fichiers arrivés dans « Délibérations » »: files that appear in a watched folder are
// announced, grouped per folder (issue 17 §9: nothing announced them). One `notification`
// event per burst: the renderer shows it as a toast, the desktop shell as a system
// notification. Files dropped in the window are the user's own doing and are not announced.
import path from 'node:path';
import type { CoreEvent, EventBus } from '../events';
import type { Db } from '../store/db';
import { documentBriefs } from '../store/document-briefs';
import type { WatchedFolderRepository } from '../store/watched-folders';
import type { ProfileRepository } from '../store/profiles';

export interface ArrivalOptions {
  /** The burst ends after this long without a new file (default 2 s). */
  quietMs?: number;
  /** A long burst is still announced after this long (default 15 s). */
  maxMs?: number;
}

/** Whether a file of the folder is still being waited for or sealed: its burst is not over. */
export type FolderBusy = (folderId: string) => boolean;

interface Burst {
  folderId: string;
  count: number;
  /** The count when the folder was last listed again at a quiet spell's end. */
  lookedAt: number;
  quiet: NodeJS.Timeout;
  cap: NodeJS.Timeout;
}

export function arrivalTitle(count: number, folderName: string): string {
  return count === 1
    ? `1 fichier arrivé dans « ${folderName} »`
    : `${new Intl.NumberFormat('fr-FR').format(count)} fichiers arrivés dans « ${folderName} »`;
}

export class ArrivalNotices {
  private readonly bursts = new Map<string, Burst>();
  private unsubscribe: (() => void) | null = null;
  private readonly quietMs: number;
  private readonly maxMs: number;
  /** Sealed this turn: their folders are read together at its end (one query per batch, not a row per file). */
  private sealed: string[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly deps: {
      db: Db;
      folders: Pick<WatchedFolderRepository, 'get' | 'list'>;
      profiles: Pick<ProfileRepository, 'get'>;
      busy?: FolderBusy;
      /** Lists the folder afresh; what it finds is submitted (so `busy`) when this resolves. */
      lookAgain?: (folderId: string) => Promise<void>;
    },
    options: ArrivalOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 2_000;
    this.maxMs = options.maxMs ?? 15_000;
  }

  attach(): void {
    this.unsubscribe ??= this.bus.on((e) => this.onEvent(e));
  }

  /** Announces what is pending and stops listening. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.count();
    for (const id of [...this.bursts.keys()]) this.flush(id);
  }

  private onEvent(e: CoreEvent): void {
    if (e.type !== 'document.state' || e.to !== 'sealed') return;
    if (this.sealed.push(e.documentId) === 1) setImmediate(() => this.count());
  }

  private count(): void {
    const ids = this.sealed;
    if (ids.length === 0) return;
    this.sealed = [];
    // No watched folder, no arrival to announce (a drop or a CLI deposit): nothing to read.
    if (this.deps.folders.list().length === 0) return;
    const briefs = documentBriefs(this.deps.db, ids);
    for (const id of ids) {
      const folderId = briefs.get(id)?.folderId;
      if (folderId) this.arrived(folderId);
    }
  }

  private arrived(folderId: string): void {
    const burst = this.bursts.get(folderId);
    if (burst) {
      burst.count += 1;
      burst.quiet.refresh();
      return;
    }
    const quiet = setTimeout(() => this.quietEnded(folderId), this.quietMs);
    const cap = setTimeout(() => this.flush(folderId), this.maxMs);
    quiet.unref();
    cap.unref();
    this.bursts.set(folderId, { folderId, count: 1, lookedAt: 0, quiet, cap });
  }

  /**
   * A quiet spell is not the end of the burst while the folder's other files still wait out
   * their stability delay or their seal (on a loaded machine they seal seconds apart), nor
   * before the folder is listed once more: a file whose notification the system lost, or that
   * the last poll of a network share did not see yet, then joins the burst instead of being
   * announced on its own minutes later.
   */
  private quietEnded(folderId: string): void {
    const burst = this.bursts.get(folderId);
    if (!burst) return;
    if (this.deps.busy?.(folderId)) return void burst.quiet.refresh();
    if (!this.deps.lookAgain || burst.lookedAt === burst.count) return this.flush(folderId);
    burst.lookedAt = burst.count;
    void this.deps
      .lookAgain(folderId)
      .catch(() => undefined)
      .then(() => {
        // Announced meanwhile (the cap, a stop): nothing left to decide.
        if (this.bursts.get(folderId) !== burst) return;
        if (this.deps.busy?.(folderId) || burst.count !== burst.lookedAt) burst.quiet.refresh();
        else this.flush(folderId);
      });
  }

  private flush(folderId: string): void {
    const burst = this.bursts.get(folderId);
    if (!burst) return;
    this.bursts.delete(folderId);
    clearTimeout(burst.quiet);
    clearTimeout(burst.cap);
    const folder = this.deps.folders.get(folderId);
    if (!folder) return;
    const commune = this.deps.profiles.get(folder.profileId)?.name;
    this.bus.emit({
      type: 'notification',
      level: 'info',
      title: arrivalTitle(burst.count, path.basename(folder.path) || folder.path),
      body: `${burst.count === 1 ? 'Scellé et conservé' : 'Scellés et conservés'}${commune ? ` pour ${commune}` : ''}. Voir « Activité récente » au tableau de bord.`,
    });
  }
}
