// The pump: what may start now (uploads within the concurrency limit, the night window,
// ACK/ATR polls), for profiles that are reachable, not suspended and not held back by the
// archive's "overloaded" answers; then one timer to the next due retry, poll or reopening.
import type { SyncQueueStore } from '../store/sync-queue';
import type { Clock, TimerHandle } from './clock';
import { isInNightWindow, meteredPause, nextNightStart, uploadsBlockedAt } from './schedule-rules';
import type { SyncSettings } from './sync-types';

const MAX_TIMER_MS = 2_147_000_000;

export interface SchedulerDeps {
  store: Pick<SyncQueueStore, 'dueSends' | 'dueTracks' | 'nextWake' | 'setNext'>;
  uploads: { readonly size: number; has(id: string): boolean; launch(id: string, profileId: string): void };
  polls: { readonly size: number; has(id: string): boolean; launch(id: string): void };
  reach: { ready(profileId: string): boolean; preferred(profileId: string): number };
  gate: { waitMs(profileId: string, endpointIndex: number): number; nextOpening(): number | null };
  settings(): Pick<SyncSettings, 'bandwidth' | 'metered' | 'maxConcurrentUploads' | 'maxConcurrentPolls'>;
  clock: Clock;
  userPause(): 'user' | 'policy' | null;
  running(): boolean;
  statusChanged(): void;
  /** Merges never-sent act transfers with the one about to leave (batching.ts); absent: one by one. */
  batch?: { gather(seedId: string, busy: (id: string) => boolean, merged: Set<string>): string };
}

export class Scheduler {
  private queued = false;
  private timer: TimerHandle | null = null;

  constructor(private readonly d: SchedulerDeps) {}

  /** Runs the pump after the current turn (several wake-ups in a row make one pass). */
  wake(): void {
    if (!this.d.running() || this.queued) return;
    this.queued = true;
    this.d.clock.defer(() => {
      this.queued = false;
      this.pump();
    });
  }

  stop(): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (!this.d.running()) return;
    this.stop();
    const nowMs = this.d.clock.now();
    const now = new Date(nowMs);
    const nowIso = now.toISOString();
    const s = this.d.settings();
    const paused = this.d.userPause() !== null;
    const canUpload = !paused && !meteredPause(s.bandwidth, s.metered) && !uploadsBlockedAt(now, s.bandwidth);
    // Per pass: a profile held back by the archive, or not ready, is asked once.
    const open = new Map<string, boolean>();
    const mayWork = (profileId: string): boolean => {
      let ok = open.get(profileId);
      if (ok === undefined) {
        ok = this.d.gate.waitMs(profileId, this.d.reach.preferred(profileId)) === 0 && this.d.reach.ready(profileId);
        open.set(profileId, ok);
      }
      return ok;
    };
    if (!paused) {
      if (canUpload) {
        // Transfers merged into one launched in this pass: gone from the table, skipped.
        const merged = new Set<string>();
        const busy = (id: string) => this.d.uploads.has(id);
        for (const row of this.d.store.dueSends(nowIso)) {
          if (this.d.uploads.size >= Math.max(1, s.maxConcurrentUploads)) break;
          if (merged.has(row.id) || this.d.uploads.has(row.id) || !mayWork(row.profileId)) continue;
          if (row.nightOnly && !isInNightWindow(now, s.bandwidth.night)) {
            this.d.store.setNext(row.id, nextNightStart(now, s.bandwidth.night).toISOString(), null, nowIso);
            continue;
          }
          const id = this.d.batch ? this.d.batch.gather(row.id, busy, merged) : row.id;
          this.d.uploads.launch(id, row.profileId);
        }
      }
      for (const row of this.d.store.dueTracks(nowIso)) {
        if (this.d.polls.size >= Math.max(1, s.maxConcurrentPolls)) break;
        if (this.d.polls.has(row.id) || !mayWork(row.profileId)) continue;
        this.d.polls.launch(row.id);
      }
    }
    const next = this.d.store.nextWake(nowIso);
    const reopen = this.d.gate.nextOpening();
    const at = Math.min(next ? Date.parse(next) : Infinity, reopen ?? Infinity);
    if (Number.isFinite(at)) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - nowMs) + 5);
      this.timer = this.d.clock.setTimeout(() => this.pump(), delay);
    }
    this.d.statusChanged();
  }
}
