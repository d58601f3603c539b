// The engine's state as the user sees it (« En pause », « Hors ligne », « 3 en attente »),
// projected from the queue and the live parts; a `sync.status` event when it changes.
import type { EventBus } from '../events';
import type { SyncQueueStore } from '../store/sync-queue';
import { meteredPause } from './schedule-rules';
import type { ActiveTransferStatus, PauseReason, SyncSettings, SyncStatus } from './sync-types';

export interface StatusProjectionDeps {
  store: Pick<SyncQueueStore, 'counts' | 'profilesWithWork'>;
  reach: { isUnreachable(profileId: string): boolean; pausedProfiles(): SyncStatus['pausedProfiles'] };
  uploads: { snapshot(): ActiveTransferStatus[] };
  throttle: { getRate(): number | null };
  bus: Pick<EventBus, 'emit'>;
  settings(): Pick<SyncSettings, 'bandwidth' | 'metered'>;
  userPause(): 'user' | 'policy' | null;
}

export class StatusProjection {
  private lastKey = '';

  constructor(private readonly d: StatusProjectionDeps) {}

  status(): SyncStatus {
    const { counts, unreachable, reason } = this.core();
    return {
      paused: reason !== null,
      reason,
      online: unreachable.length === 0,
      pendingCount: counts.pending,
      blockedCount: counts.blocked,
      active: this.d.uploads.snapshot(),
      pausedProfiles: this.d.reach.pausedProfiles(),
      unreachableProfiles: unreachable,
      rateLimit: this.d.throttle.getRate(),
    };
  }

  /** Emits `sync.status` when paused / reason / pending changed (always with `force`). */
  emit(force = false): void {
    // Called after every state change: only what the event carries is computed.
    const { counts, reason } = this.core();
    const key = `${reason}|${counts.pending}`;
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    this.d.bus.emit({ type: 'sync.status', paused: reason !== null, reason, pendingCount: counts.pending });
  }

  private core(): { counts: { pending: number; blocked: number }; unreachable: string[]; reason: PauseReason | null } {
    const counts = this.d.store.counts();
    const withWork = this.d.store.profilesWithWork();
    const unreachable = withWork.filter((p) => this.d.reach.isUnreachable(p));
    const s = this.d.settings();
    const metered = meteredPause(s.bandwidth, s.metered);
    const offline = withWork.length > 0 && unreachable.length === withWork.length;
    const reason: PauseReason | null = this.d.userPause() ?? (metered ? 'metered' : offline ? 'offline' : null);
    return { counts, unreachable, reason };
  }
}
