// Which endpoint of a profile to talk to, and whether it answers: a probe (ping) before any
// work, failover to the next endpoint on network errors, periodic re-probes while nothing
// answers, and the per-profile suspension when the archive refuses the credentials.
import type { ArchiveConnector } from '../archive/connector';
import type { EventBus } from '../events';
import type { SyncQueueStore } from '../store/sync-queue';
import type { Rng } from './backoff';
import { clockTimeout, type Clock, type TimerHandle } from './clock';
import type { SyncSettings } from './sync-types';

const PROBE_TIMEOUT_MS = 15_000;

export const REACH_MSG = {
  unreachable: 'L’archive ne répond pas. Les versements partiront dès qu’elle sera de nouveau joignable.',
  reachable: 'L’archive est joignable.',
} as const;

export interface ReachabilityDeps {
  clock: Clock;
  rng: Rng;
  bus: Pick<EventBus, 'emit'>;
  connectorFor(profileId: string, endpointIndex: number): ArchiveConnector | null;
  endpointsCount(profileId: string): number;
  settings(): Pick<SyncSettings, 'probeIntervalMs'>;
  store: Pick<SyncQueueStore, 'setProfileError'>;
  /** Endpoints held back by the archive's "overloaded" answers are not probed. */
  gate: { waitMs(profileId: string, endpointIndex: number): number };
  running(): boolean;
  lifetime(): AbortSignal;
  /** Something became possible: run the scheduler. */
  wake(): void;
  statusChanged(): void;
}

interface ProfileState {
  /** Last reachability announced (null = never probed). */
  reachable: boolean | null;
  /** A probe confirmed the preferred endpoint since the last network error. */
  verified: boolean;
  probing: boolean;
  preferred: number;
  probeTimer: TimerHandle | null;
  pausedMessage: string | null;
  /** Consecutive network errors since the last successful exchange. */
  networkStreak: number;
}

export class Reachability {
  private readonly profiles = new Map<string, ProfileState>();

  constructor(private readonly d: ReachabilityDeps) {}

  /** Work for a profile may start: not suspended, and an endpoint answered a probe. */
  ready(profileId: string): boolean {
    const p = this.profile(profileId);
    if (p.pausedMessage !== null) return false;
    if (p.verified && p.reachable === true) return true;
    if (!p.probing && !p.probeTimer) void this.probe(profileId);
    return false;
  }

  preferred(profileId: string): number {
    return this.profile(profileId).preferred;
  }

  isUnreachable(profileId: string): boolean {
    return this.profiles.get(profileId)?.reachable === false;
  }

  pausedProfiles(): Array<{ profileId: string; message: string }> {
    const out: Array<{ profileId: string; message: string }> = [];
    for (const [profileId, p] of this.profiles)
      if (p.pausedMessage !== null) out.push({ profileId, message: p.pausedMessage });
    return out;
  }

  /** Suspends (message) or lifts (null) a profile; lifting also asks for a fresh probe. */
  setPaused(profileId: string, message: string | null): void {
    const p = this.profile(profileId);
    p.pausedMessage = message;
    if (message === null) p.verified = false;
  }

  /** The archive refused the credentials: suspend the profile once and tell the user. */
  pauseOnAuth(profileId: string, message: string): void {
    const p = this.profile(profileId);
    if (p.pausedMessage !== null) return;
    p.pausedMessage = message;
    this.d.bus.emit({ type: 'notification', level: 'error', title: 'L’archive refuse la connexion', body: message });
    this.d.statusChanged();
  }

  /**
   * A network error on an endpoint. With several endpoints: move to the next one and probe
   * first (failover). With one: a lone reset is just retried; two in a row mean "check the
   * archive is still there" (and tell the user if not).
   */
  suspect(profileId: string, endpointIndex: number): void {
    const p = this.profile(profileId);
    const n = Math.max(1, this.d.endpointsCount(profileId));
    p.networkStreak++;
    if (n > 1 && p.preferred === endpointIndex) p.preferred = (endpointIndex + 1) % n;
    if (n > 1 || p.networkStreak >= 2) {
      p.verified = false;
      p.networkStreak = 0;
    }
  }

  /** An exchange with the archive went through. */
  healthy(profileId: string): void {
    this.profile(profileId).networkStreak = 0;
  }

  stop(): void {
    for (const p of this.profiles.values()) {
      if (p.probeTimer) this.d.clock.clearTimeout(p.probeTimer);
      p.probeTimer = null;
    }
  }

  private profile(profileId: string): ProfileState {
    let p = this.profiles.get(profileId);
    if (!p) {
      p = {
        reachable: null,
        verified: false,
        probing: false,
        preferred: 0,
        probeTimer: null,
        pausedMessage: null,
        networkStreak: 0,
      };
      this.profiles.set(profileId, p);
    }
    return p;
  }

  /** Pings the endpoints, preferred first; the first that answers becomes preferred. */
  private async probe(profileId: string): Promise<void> {
    const p = this.profile(profileId);
    p.probing = true;
    const n = Math.max(1, this.d.endpointsCount(profileId));
    let found = -1;
    let probeError: string | null = null;
    let heldBack = Infinity;
    let tried = 0;
    for (let k = 0; k < n && found < 0 && this.d.running(); k++) {
      const idx = (p.preferred + k) % n;
      const c = this.d.connectorFor(profileId, idx);
      if (!c) continue;
      const wait = this.d.gate.waitMs(profileId, idx);
      if (wait > 0) {
        heldBack = Math.min(heldBack, wait);
        continue;
      }
      tried++;
      const timeout = clockTimeout(this.d.clock, PROBE_TIMEOUT_MS);
      try {
        if (await c.ping(AbortSignal.any([this.d.lifetime(), timeout.signal]))) found = idx;
      } catch (e) {
        // A refusal with a reason (certificate): unreachable, and the reason goes on the waiting transfers.
        probeError = e instanceof Error ? e.message : String(e);
      } finally {
        timeout.clear();
      }
    }
    p.probing = false;
    if (!this.d.running()) return;
    if (found >= 0) {
      p.preferred = found;
      p.verified = true;
      this.setReachable(profileId, true);
      this.d.wake();
      return;
    }
    p.verified = false;
    if (tried === 0 && Number.isFinite(heldBack)) {
      // Overloaded is not unreachable: ask again when the archive said to.
      p.probeTimer = this.d.clock.setTimeout(() => {
        p.probeTimer = null;
        this.d.wake();
      }, heldBack);
      return;
    }
    if (probeError) this.d.store.setProfileError(profileId, probeError, new Date(this.d.clock.now()).toISOString());
    this.setReachable(profileId, false, probeError ?? undefined);
    // ±25 % jitter: desktops that lost the archive together do not probe it in lockstep.
    const interval = this.d.settings().probeIntervalMs * (0.75 + 0.5 * this.d.rng());
    p.probeTimer = this.d.clock.setTimeout(() => {
      p.probeTimer = null;
      this.d.wake();
    }, interval);
  }

  private setReachable(profileId: string, reachable: boolean, reason?: string): void {
    const p = this.profile(profileId);
    if (p.reachable === reachable) return;
    p.reachable = reachable;
    this.d.bus.emit({
      type: 'connectivity',
      profileId,
      reachable,
      message: reachable ? REACH_MSG.reachable : (reason ?? REACH_MSG.unreachable),
      at: new Date(this.d.clock.now()).toISOString(),
    });
    this.d.statusChanged();
  }
}
