// The archive's verdicts, told to the user in groups: « 8 documents versés » once the batch
// is done (or after a short delay), rather than one notification per transfer.
import type { EventBus } from '../events';
import type { SyncQueueStore } from '../store/sync-queue';
import type { Clock, TimerHandle } from './clock';
import type { SyncSettings } from './sync-types';

export interface VerdictNotificationsDeps {
  bus: Pick<EventBus, 'emit'>;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  store: Pick<SyncQueueStore, 'documentCount' | 'counts'>;
  settings(): Pick<SyncSettings, 'notifyDelayMs'>;
}

export class VerdictNotifications {
  private timer: TimerHandle | null = null;
  private accepted = 0;
  private rejected: string[] = [];

  constructor(private readonly d: VerdictNotificationsDeps) {}

  verdict(transferId: string, accepted: boolean, comment: string): void {
    const docs = Math.max(1, this.d.store.documentCount(transferId));
    if (accepted) this.accepted += docs;
    else this.rejected.push(comment);
    // One notification per batch: flush when nothing is left in flight, else after a delay.
    if (this.d.store.counts().pending === 0) return this.flush();
    if (!this.timer) this.timer = this.d.clock.setTimeout(() => this.flush(), this.d.settings().notifyDelayMs);
  }

  flush(): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = null;
    const n = this.accepted;
    const rejected = this.rejected;
    this.accepted = 0;
    this.rejected = [];
    if (n > 0) {
      this.d.bus.emit({
        type: 'notification',
        level: 'success',
        title: n === 1 ? '1 document versé' : `${n} documents versés`,
        body: n === 1 ? 'Le document a été accepté par l’archive.' : 'Les documents ont été acceptés par l’archive.',
      });
    }
    if (rejected.length > 0) {
      const r = rejected.length;
      this.d.bus.emit({
        type: 'notification',
        level: 'warning',
        title: r === 1 ? '1 rejet à corriger' : `${r} rejets à corriger`,
        body:
          r === 1
            ? `L’archive a refusé un versement : ${rejected[0]}`
            : `L’archive a refusé ${r} versements. Premier motif : ${rejected[0]}`,
      });
    }
  }
}
