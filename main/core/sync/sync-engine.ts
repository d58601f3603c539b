// The deposit engine: sends queued transfers when the archive answers, retries with backoff,
// never sends a MessageIdentifier twice, resumes chunked uploads, fails over between
// endpoints, holds every call back when the archive says it is overloaded, then tracks ACK
// and ATR until the archive's verdict. Every decision is persisted in `transfers` first, so
// a restart (or a crash) picks up where it stopped.
//
// This file only wires the parts and holds the lifecycle; each part takes just what it uses:
// scheduler.ts (what starts when), reachability.ts (probes, failover), endpoint-gate.ts
// (503/429, Retry-After), upload.ts, tracking.ts (ACK/ATR), transitions.ts (state changes),
// notifications.ts (grouped verdicts), status.ts (what the user sees).
import type { ArchiveConnector, PreparedTransfer } from '../archive/connector';
import type { EventBus } from '../events';
import type { Db } from '../store/db';
import { SqliteSyncQueue, type SyncQueueStore } from '../store/sync-queue';
import type { Rng } from './backoff';
import { Batcher, type BatchOptions } from './batching';
import { clockWithNow, systemClock, type Clock, type TimerHandle } from './clock';
import { EndpointGate } from './endpoint-gate';
import { VerdictNotifications } from './notifications';
import { Reachability } from './reachability';
import { RuleDrivenThrottle } from './rule-throttle';
import { meteredPause, uploadsBlockedAt } from './schedule-rules';
import { Scheduler } from './scheduler';
import { StatusProjection } from './status';
import type { SyncSettings, SyncStatus, TransferStateHook } from './sync-types';
import { Tracker } from './tracking';
import { Transitions } from './transitions';
import { Uploader } from './upload';

/** A wall-clock move larger than this between two ticks is a jump (suspend, clock set). */
const CLOCK_JUMP_MS = 2_000;

export interface SyncEngineOptions {
  /** The store: SQLite (`db`) in the app, or any SyncQueueStore (`store`, fleet simulation). */
  db?: Db;
  store?: SyncQueueStore;
  bus: Pick<EventBus, 'emit'>;
  /** Connector for one endpoint of a profile (0 = first, e.g. Rennes; 1 = Lille); null if none. */
  connectorFor(profileId: string, endpointIndex: number): ArchiveConnector | null;
  endpointsCount(profileId: string): number;
  /** Builds or locates the package; must reuse the transfer's stored MessageIdentifier. */
  prepare(transferId: string): Promise<PreparedTransfer>;
  /** Maps transfer states to documents (see documentStatesHook); runs inside the transaction. */
  onTransferState?: TransferStateHook;
  settings(): SyncSettings;
  /** Wall clock only (tests); `clock` replaces every timer as well. */
  now?: () => Date;
  clock?: Clock;
  rng?: Rng;
  /** Shared upload limiter; one is created from the settings' rules when absent. */
  throttle?: RuleDrivenThrottle;
  /** How often rate rules and the metered flag are re-read (default 1 s). */
  tickMs?: number;
  /** Never-sent act transfers leave together, up to these caps (batching.ts); absent: one per act. */
  batch?: BatchOptions;
}

export class SyncEngine {
  private readonly clock: Clock;
  private readonly throttle: RuleDrivenThrottle;
  private readonly store: SyncQueueStore;
  private readonly reach: Reachability;
  private readonly gate: EndpointGate;
  private readonly states: Transitions;
  private readonly uploads: Uploader;
  private readonly tracker: Tracker;
  private readonly notices: VerdictNotifications;
  private readonly projection: StatusProjection;
  private readonly scheduler: Scheduler;
  private running = false;
  private userPause: 'user' | 'policy' | null = null;
  private lifetime = new AbortController();
  private tickTimer: TimerHandle | null = null;
  private wasMetered = false;
  /** Wall minus monotonic time at the last tick: a change means the clock jumped or the machine slept. */
  private wallOffset: number | null = null;

  constructor(private readonly o: SyncEngineOptions) {
    const clock = o.clock ?? (o.now ? clockWithNow(o.now) : systemClock);
    this.clock = clock;
    const rng = o.rng ?? Math.random;
    const settings = o.settings;
    if (o.store) this.store = o.store;
    else if (o.db) this.store = new SqliteSyncQueue(o.db);
    else throw new Error('SyncEngine: a db or a store is required');
    const store = this.store;
    this.throttle =
      o.throttle ??
      new RuleDrivenThrottle(
        () => settings().bandwidth,
        () => new Date(clock.now()),
      );
    const running = () => this.running;
    const lifetime = () => this.lifetime.signal;
    const wake = () => this.wake();
    const statusChanged = () => this.projection.emit();
    const gate = new EndpointGate({ clock, rng, retry: () => settings().retry });
    this.gate = gate;
    const reach = new Reachability({
      clock,
      rng,
      bus: o.bus,
      connectorFor: o.connectorFor,
      endpointsCount: o.endpointsCount,
      settings,
      store,
      gate,
      running,
      lifetime,
      wake,
      statusChanged,
    });
    this.reach = reach;
    const states = new Transitions({
      store,
      bus: o.bus,
      clock,
      ...(o.onTransferState ? { onTransferState: o.onTransferState } : {}),
      settings,
      statusChanged,
    });
    this.states = states;
    this.notices = new VerdictNotifications({ bus: o.bus, clock, store, settings });
    this.uploads = new Uploader({
      store,
      states,
      reach,
      gate,
      connectorFor: o.connectorFor,
      endpointsCount: o.endpointsCount,
      prepare: o.prepare,
      settings,
      clock,
      rng,
      bus: o.bus,
      throttle: this.throttle,
      firstPollDelay: (profileId, kind) => this.tracker.firstPollDelay(profileId, kind),
      settled: wake,
    });
    this.tracker = new Tracker({
      store,
      states,
      reach,
      gate,
      connectorFor: o.connectorFor,
      prepare: o.prepare,
      settings,
      clock,
      rng,
      verdict: (id, accepted, comment) => this.notices.verdict(id, accepted, comment),
      running,
      lifetime,
      settled: wake,
    });
    this.projection = new StatusProjection({
      store,
      reach,
      uploads: this.uploads,
      throttle: this.throttle,
      bus: o.bus,
      settings,
      userPause: () => this.userPause,
    });
    this.scheduler = new Scheduler({
      store,
      uploads: this.uploads,
      polls: this.tracker,
      reach,
      gate,
      settings,
      clock,
      userPause: () => this.userPause,
      running,
      statusChanged,
      ...(o.batch ? { batch: new Batcher({ store, options: o.batch, clock, bus: o.bus }) } : {}),
    });
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lifetime = new AbortController();
    this.throttle.refresh();
    this.scheduleTick();
    this.wake();
    this.projection.emit(true);
  }

  /** Graceful: aborts uploads (they go back to `queued`, resumable), waits, persists. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.tickTimer) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.scheduler.stop();
    this.reach.stop();
    this.uploads.interrupt('stop');
    this.lifetime.abort();
    await Promise.allSettled([this.uploads.settledAll(), this.tracker.settledAll()]);
    this.notices.flush();
  }

  pause(reason: 'user' | 'policy' = 'user'): void {
    this.userPause = reason;
    this.uploads.interrupt('pause');
    this.projection.emit();
  }

  resume(): void {
    this.userPause = null;
    this.projection.emit();
    this.wake();
  }

  /** Suspends one profile (also done automatically when the archive refuses the credentials). */
  pauseProfile(profileId: string, message: string): void {
    this.reach.setPaused(profileId, message);
    this.uploads.interrupt('pause', profileId);
    this.projection.emit();
  }

  /** After the credentials were fixed: lifts the suspension and requeues what it blocked. */
  resumeProfile(profileId: string): void {
    this.reach.setPaused(profileId, null);
    this.states.requeue(this.store.blockedIds(profileId), false, (id) => this.uploads.has(id));
    this.wake();
  }

  /** « Réessayer » / « Verser maintenant »: no waiting for backoff or the night window. */
  depositNow(transferIds: string[]): void {
    this.states.requeue(transferIds, false, (id) => this.uploads.has(id));
    this.wake();
  }

  /** « Verser ce soir »: only inside the night window. */
  scheduleTonight(transferIds: string[]): void {
    this.states.requeue(transferIds, true, (id) => this.uploads.has(id));
    this.wake();
  }

  status(): SyncStatus {
    return this.projection.status();
  }

  /** Wakes the scheduler (e.g. after the lead queued new transfers). */
  wake(): void {
    this.scheduler.wake();
  }

  // Rate rules and the metered flag can change at any time: re-check them periodically.
  private scheduleTick(): void {
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = null;
      if (!this.running) return;
      this.onTick();
      this.scheduleTick();
    }, this.o.tickMs ?? 1_000);
  }

  private onTick(): void {
    this.throttle.refresh();
    const s = this.o.settings();
    // A metered connection, or office hours at 0 kbit/s: uploads stop, and resume after.
    const metered = meteredPause(s.bandwidth, s.metered) || uploadsBlockedAt(new Date(this.clock.now()), s.bandwidth);
    if (metered && !this.wasMetered) this.uploads.interrupt('pause');
    if (!metered && this.wasMetered) this.wake();
    this.wasMetered = metered;
    // Timers run on monotonic time, which stands still while suspended: after a wake-up or a
    // clock change, what became due (retries, the night window) must not wait for them.
    const offset = this.clock.now() - this.clock.monotonic();
    const jump = this.wallOffset === null ? 0 : offset - this.wallOffset;
    this.wallOffset = offset;
    if (jump < -CLOCK_JUMP_MS) {
      // Set back: retries, polls and Retry-After waits keep their length, not the old clock's dates.
      this.store.shiftWaits(jump, new Date(this.clock.now()).toISOString());
      this.gate.shift(jump);
    }
    if (Math.abs(jump) > CLOCK_JUMP_MS) this.wake();
    this.projection.emit();
  }
}
