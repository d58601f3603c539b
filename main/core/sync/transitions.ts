// Every change of a transfer's state goes through here: the row and its documents' journaled
// transitions in one transaction (TransferStateHook), events after the commit.
import type { EventBus } from '../events';
import type { SyncQueueStore, TransferPatch } from '../store/sync-queue';
import type { TransferRecord, TransferState } from '../store/transfers';
import type { Clock } from './clock';
import { nextNightStart } from './schedule-rules';
import type { SyncSettings, TransferStateHook, TransferStateInfo } from './sync-types';

export const TRACK_STATES: readonly TransferState[] = ['sent', 'acknowledged'];

export interface TransitionsDeps {
  store: Pick<SyncQueueStore, 'get' | 'commit' | 'setNight' | 'setNext'>;
  bus: Pick<EventBus, 'emit'>;
  clock: Pick<Clock, 'now'>;
  onTransferState?: TransferStateHook;
  settings(): Pick<SyncSettings, 'bandwidth'>;
  statusChanged(): void;
}

export class Transitions {
  constructor(private readonly d: TransitionsDeps) {}

  /** State change + the documents' transitions in one transaction; events after commit. */
  commit(id: string, state: TransferState, patch: TransferPatch, info: TransferStateInfo): void {
    const events = this.d.store.commit(id, { ...patch, state }, () => this.d.onTransferState?.(id, state, info));
    for (const e of events) this.d.bus.emit(e);
    this.d.statusChanged();
  }

  /** Failed, with an automatic retry at `next` (null: waits for the user). */
  fail(t: TransferRecord, reason: string, next: Date | null): void {
    const nextAttemptAt = next ? next.toISOString() : null;
    this.commit(
      t.id,
      'failed',
      { lastError: reason, nextAttemptAt },
      { profileId: t.profileId, reason, attempts: t.attempts, nextAttemptAt },
    );
  }

  /**
   * « Réessayer » / « Verser maintenant » (nightOnly false) or « Verser ce soir » (true):
   * back in line without waiting for backoff; tracked transfers are polled at once.
   */
  requeue(ids: readonly string[], nightOnly: boolean, uploading: (id: string) => boolean): void {
    const s = this.d.settings();
    const now = new Date(this.d.clock.now());
    const next = nightOnly ? nextNightStart(now, s.bandwidth.night) : null;
    for (const id of ids) {
      const t = this.d.store.get(id);
      if (!t) continue;
      const nextIso = next && next.getTime() > now.getTime() ? next.toISOString() : null;
      if (t.state === 'failed') {
        this.commit(
          id,
          'queued',
          { nextAttemptAt: nextIso, lastError: null },
          { profileId: t.profileId, attempts: t.attempts, nextAttemptAt: nextIso },
        );
        this.d.store.setNight(id, nightOnly, nextIso, now.toISOString());
      } else if (t.state === 'queued' || t.state === 'sending') {
        if (uploading(id)) continue;
        this.d.store.setNight(id, nightOnly, nextIso, now.toISOString());
      } else if (TRACK_STATES.includes(t.state) && !nightOnly) {
        this.d.store.setNext(id, null, null, now.toISOString()); // « Vérifier maintenant »
      }
    }
    this.d.statusChanged();
  }
}
