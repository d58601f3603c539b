// « Verser automatiquement » for watched folders: complete documents that arrive by
// themselves leave by themselves (now, or in tonight's window), without a click.
import type { EventBus } from '../events';
import type { DepositService } from './deposit';
import type { Settings } from './settings';
import type { SyncEngine } from '../sync';
import type { Db } from '../store/db';
import { SyncDocuments } from '../store/sync-documents';

const BATCH_DELAY_MS = 1_500;

export class AutoDeposit {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private off: (() => void) | null = null;
  private mode: string | null = null;
  private readonly docs: SyncDocuments;

  constructor(
    db: Db,
    private readonly bus: EventBus,
    private readonly settings: Settings,
    private readonly deposit: DepositService,
    private readonly sync: SyncEngine,
    private readonly log: (m: string) => void,
  ) {
    this.docs = new SyncDocuments(db);
  }

  start(): void {
    if (this.off) return;
    this.off = this.bus.on((e) => {
      if (e.type !== 'document.state' || e.to !== 'ready') return;
      if (this.timer !== null || this.modeNow() !== 'off') {
        this.pending.add(e.documentId);
        this.schedule();
      }
    });
    // Documents that became ready while the app was closed.
    if (this.settings.values().autoDeposit !== 'off') {
      const ids = this.docs.readyFromWatch();
      for (const id of ids) this.pending.add(id);
      if (ids.length > 0) this.schedule();
    }
  }

  /**
   * The setting, read once per turn of the event loop: a recorded batch tells thousands of
   * ready files in one turn (the flush reads it again before depositing anything).
   */
  private modeNow(): string {
    if (this.mode === null) {
      this.mode = this.settings.values().autoDeposit;
      queueMicrotask(() => (this.mode = null));
    }
    return this.mode;
  }

  stop(): void {
    this.off?.();
    this.off = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, BATCH_DELAY_MS);
    this.timer.unref();
  }

  private flush(): void {
    const mode = this.settings.values().autoDeposit;
    const ids = [...this.pending];
    this.pending.clear();
    if (mode === 'off' || ids.length === 0) return;
    // Only what came from a watched folder: dropped files wait for the user's « Verser ».
    const watched = this.docs.readyFromWatchAmong(ids);
    if (watched.length === 0) return;
    try {
      const plan = this.deposit.plan(watched);
      if (mode === 'tonight') this.sync.scheduleTonight(plan.transferIds);
      else this.sync.depositNow(plan.transferIds);
    } catch (error) {
      this.log(`auto deposit failed: ${String(error)}`);
    }
  }
}
