// The deposit scheduler: sends queued transfers when the archive answers, retries with
// backoff, never sends a MessageIdentifier twice (ask the archive first after any attempt
// whose outcome is not known), resumes chunked uploads, fails over between endpoints on
// network errors, then tracks ACK and ATR until the archive's verdict. Every decision is
// persisted in `transfers` first, so a restart (or a crash) picks up where it stopped.
import type { Db } from '../store/db';
import { TransferRepository, type TransferRecord, type TransferState } from '../store/transfers';
import type { CoreEvent, EventBus } from '../events';
import {
  ArchiveError,
  type ArchiveConnector,
  type PreparedTransfer,
  type ResumeState,
  type SendResult,
  type TransferRef,
} from '../archive/connector';
import { backoffDelay, type Rng } from './backoff';
import { isInNightWindow, meteredPause, nextNightStart } from './schedule-rules';
import { RuleDrivenThrottle } from './rule-throttle';
import type {
  ActiveTransferStatus,
  PauseReason,
  SyncSettings,
  SyncStatus,
  TransferStateHook,
  TransferStateInfo,
} from './sync-types';

export interface SyncEngineOptions {
  db: Db;
  bus: EventBus;
  /** Connector for one endpoint of a profile (0 = first, e.g. Rennes; 1 = Lille); null if none. */
  connectorFor(profileId: string, endpointIndex: number): ArchiveConnector | null;
  endpointsCount(profileId: string): number;
  /** Builds or locates the package; must reuse the transfer's stored MessageIdentifier. */
  prepare(transferId: string): Promise<PreparedTransfer>;
  /** Maps transfer states to documents (see documentStatesHook); runs inside the transaction. */
  onTransferState?: TransferStateHook;
  settings(): SyncSettings;
  now?: () => Date;
  rng?: Rng;
  /** Shared upload limiter; one is created from the settings' rules when absent. */
  throttle?: RuleDrivenThrottle;
}

const SEND_STATES: TransferState[] = ['queued', 'sending', 'failed'];
const TRACK_STATES: TransferState[] = ['sent', 'acknowledged'];
const PROBE_TIMEOUT_MS = 15_000;
const PROGRESS_EMIT_MS = 200;
const PROGRESS_PERSIST_MS = 1_000;
const RATE_WINDOW_MS = 3_000;
const MAX_TIMER_MS = 2_147_000_000;

const MSG = {
  interrupted: 'Envoi interrompu ; il reprendra automatiquement.',
  noEndpoint: 'Aucune adresse d’archive n’est configurée pour ce profil.',
  mismatch:
    'Le paquet préparé ne correspond pas au versement enregistré (identifiant différent). Le versement est bloqué pour éviter un doublon.',
  prepareFailed: (m: string) => `Le versement n’a pas pu être préparé : ${m}`,
  auth: (m: string) =>
    `${m} Les envois de ce profil sont suspendus : vérifiez l’identifiant et le mot de passe dans les réglages.`,
  unreachable: 'L’archive ne répond pas. Les versements partiront dès qu’elle sera de nouveau joignable.',
  reachable: 'L’archive est joignable.',
  noReply: 'L’archive n’a pas encore rendu sa réponse pour ce versement. Sceau continue de vérifier.',
} as const;

interface ProfileState {
  /** Last reachability announced (null = never probed). */
  reachable: boolean | null;
  /** A probe confirmed the preferred endpoint since the last network error. */
  verified: boolean;
  probing: boolean;
  preferred: number;
  probeTimer: NodeJS.Timeout | null;
  pausedMessage: string | null;
  /** Consecutive network errors since the last successful exchange. */
  networkStreak: number;
}

interface ActiveUpload extends ActiveTransferStatus {
  controller: AbortController;
  interrupted: 'stop' | 'pause' | null;
  lastSampleAt: number;
  lastSampleBytes: number;
  lastEmitAt: number;
  lastPersistAt: number;
  /** [time ms, bytes sent] over the last few seconds */
  samples: Array<[number, number]>;
}

type DueRow = { id: string; profile_id: string; night_only: number };

export class SyncEngine {
  private readonly repo: TransferRepository;
  private readonly throttle: RuleDrivenThrottle;
  private readonly now: () => Date;
  private readonly rng: Rng;
  private running = false;
  private userPause: 'user' | 'policy' | null = null;
  private lifetime = new AbortController();
  private readonly uploads = new Map<string, ActiveUpload>();
  private readonly uploadPromises = new Map<string, Promise<void>>();
  private readonly polls = new Map<string, Promise<void>>();
  private readonly profiles = new Map<string, ProfileState>();
  private pumpQueued = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private rateTimer: NodeJS.Timeout | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;
  private notifyAccepted = 0;
  private notifyRejected: string[] = [];
  private lastStatusKey = '';
  private wasMetered = false;
  private readonly q: {
    dueSends: import('better-sqlite3').Statement;
    dueTracks: import('better-sqlite3').Statement;
    nextWake: import('better-sqlite3').Statement;
    counts: import('better-sqlite3').Statement;
    profilesWithWork: import('better-sqlite3').Statement;
    docsOf: import('better-sqlite3').Statement;
    setNext: import('better-sqlite3').Statement;
    setResume: import('better-sqlite3').Statement;
    setSent: import('better-sqlite3').Statement;
    agencyOf: import('better-sqlite3').Statement;
    setAgency: import('better-sqlite3').Statement;
    setNight: import('better-sqlite3').Statement;
  };

  constructor(private readonly o: SyncEngineOptions) {
    this.repo = new TransferRepository(o.db);
    this.now = o.now ?? (() => new Date());
    this.rng = o.rng ?? Math.random;
    this.throttle = o.throttle ?? new RuleDrivenThrottle(() => o.settings().bandwidth, this.now);
    const db = o.db;
    this.q = {
      dueSends: db.prepare(
        `SELECT id, profile_id, night_only FROM transfers
         WHERE (state IN ('queued','sending') OR (state = 'failed' AND next_attempt_at IS NOT NULL))
           AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY created_at LIMIT 500`,
      ),
      dueTracks: db.prepare(
        `SELECT id, profile_id, night_only FROM transfers
         WHERE state IN ('sent','acknowledged') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY next_attempt_at LIMIT 500`,
      ),
      nextWake: db.prepare(
        `SELECT MIN(next_attempt_at) AS m FROM transfers
         WHERE state IN ('queued','sending','failed','sent','acknowledged') AND next_attempt_at > ?`,
      ),
      counts: db.prepare(
        `SELECT SUM(CASE WHEN state IN ('queued','sending','sent','acknowledged')
                          OR (state = 'failed' AND next_attempt_at IS NOT NULL) THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN state = 'failed' AND next_attempt_at IS NULL THEN 1 ELSE 0 END) AS blocked
         FROM transfers`,
      ),
      profilesWithWork: db.prepare(
        `SELECT DISTINCT profile_id AS p FROM transfers
         WHERE state IN ('queued','sending','sent','acknowledged') OR (state = 'failed' AND next_attempt_at IS NOT NULL)`,
      ),
      docsOf: db.prepare('SELECT COUNT(*) AS n FROM documents WHERE transfer_id = ?'),
      setNext: db.prepare(
        'UPDATE transfers SET next_attempt_at = ?, last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ?',
      ),
      setResume: db.prepare('UPDATE transfers SET resume_state = ?, updated_at = ? WHERE id = ?'),
      setSent: db.prepare('UPDATE transfers SET sent_bytes = ?, updated_at = ? WHERE id = ?'),
      agencyOf: db.prepare('SELECT transferring_agency AS a FROM transfers WHERE id = ?'),
      setAgency: db.prepare('UPDATE transfers SET transferring_agency = ? WHERE id = ?'),
      setNight: db.prepare('UPDATE transfers SET night_only = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?'),
    };
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lifetime = new AbortController();
    this.throttle.refresh();
    // Rate rules and the metered flag can change at any time: re-check every second.
    this.rateTimer = setInterval(() => this.onRateTick(), 1_000);
    this.rateTimer.unref();
    this.wake();
    this.emitStatus(true);
  }

  /** Graceful: aborts uploads (they go back to `queued`, resumable), waits, persists. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const t of [this.wakeTimer, this.rateTimer]) if (t) clearTimeout(t);
    this.wakeTimer = this.rateTimer = null;
    for (const p of this.profiles.values()) if (p.probeTimer) clearTimeout(p.probeTimer);
    this.interruptUploads('stop');
    this.lifetime.abort();
    await Promise.allSettled([...this.uploadPromises.values(), ...this.polls.values()]);
    this.flushNotifications();
  }

  pause(reason: 'user' | 'policy' = 'user'): void {
    this.userPause = reason;
    this.interruptUploads('pause');
    this.emitStatus();
  }

  resume(): void {
    this.userPause = null;
    this.emitStatus();
    this.wake();
  }

  /** Suspends one profile (also done automatically when the archive refuses the credentials). */
  pauseProfile(profileId: string, message: string): void {
    this.profile(profileId).pausedMessage = message;
    for (const a of this.uploads.values()) if (a.profileId === profileId) this.interrupt(a, 'pause');
    this.emitStatus();
  }

  /** After the credentials were fixed: lifts the suspension and requeues what it blocked. */
  resumeProfile(profileId: string): void {
    const p = this.profile(profileId);
    p.pausedMessage = null;
    p.verified = false;
    const blocked = this.repo.list({ profileId, state: 'failed' }).filter((t) => t.nextAttemptAt === null);
    this.requeue(
      blocked.map((t) => t.id),
      false,
    );
    this.wake();
  }

  /** « Réessayer » / « Verser maintenant »: no waiting for backoff or the night window. */
  depositNow(transferIds: string[]): void {
    this.requeue(transferIds, false);
    this.wake();
  }

  /** « Verser ce soir »: only inside the night window. */
  scheduleTonight(transferIds: string[]): void {
    this.requeue(transferIds, true);
    this.wake();
  }

  status(): SyncStatus {
    const counts = this.q.counts.get() as { pending: number | null; blocked: number | null };
    const withWork = (this.q.profilesWithWork.all() as Array<{ p: string }>).map((r) => r.p);
    const unreachable = withWork.filter((p) => this.profiles.get(p)?.reachable === false);
    const s = this.o.settings();
    const metered = meteredPause(s.bandwidth, s.metered);
    const offline = withWork.length > 0 && unreachable.length === withWork.length;
    const reason: PauseReason | null = this.userPause ?? (metered ? 'metered' : offline ? 'offline' : null);
    return {
      paused: reason !== null,
      reason,
      online: unreachable.length === 0,
      pendingCount: counts.pending ?? 0,
      blockedCount: counts.blocked ?? 0,
      active: [...this.uploads.values()].map((a) => ({
        transferId: a.transferId,
        profileId: a.profileId,
        sentBytes: a.sentBytes,
        totalBytes: a.totalBytes,
        rate: Math.round(a.rate),
      })),
      pausedProfiles: [...this.profiles.entries()]
        .filter(([, p]) => p.pausedMessage !== null)
        .map(([profileId, p]) => ({ profileId, message: p.pausedMessage! })),
      unreachableProfiles: unreachable,
      rateLimit: this.throttle.getRate(),
    };
  }

  /** Wakes the scheduler (e.g. after the lead queued new transfers). */
  wake(): void {
    if (!this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  // ---------------------------------------------------------------- scheduler

  private pump(): void {
    if (!this.running) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const now = this.now();
    const nowIso = now.toISOString();
    const s = this.o.settings();
    const canUpload = this.userPause === null && !meteredPause(s.bandwidth, s.metered);
    if (this.userPause === null) {
      if (canUpload) {
        for (const row of this.q.dueSends.all(nowIso) as DueRow[]) {
          if (this.uploads.size >= Math.max(1, s.maxConcurrentUploads)) break;
          if (this.uploads.has(row.id) || !this.ready(row.profile_id)) continue;
          if (row.night_only && !isInNightWindow(now, s.bandwidth.night)) {
            this.q.setNext.run(nextNightStart(now, s.bandwidth.night).toISOString(), null, nowIso, row.id);
            continue;
          }
          this.launchUpload(row);
        }
      }
      for (const row of this.q.dueTracks.all(nowIso) as DueRow[]) {
        if (this.polls.size >= Math.max(1, s.maxConcurrentPolls)) break;
        if (this.polls.has(row.id) || !this.ready(row.profile_id)) continue;
        const p = this.runPoll(row.id).finally(() => {
          this.polls.delete(row.id);
          this.wake();
        });
        this.polls.set(row.id, p);
      }
    }
    const next = (this.q.nextWake.get(nowIso) as { m: string | null }).m;
    if (next) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(next) - now.getTime()) + 5);
      this.wakeTimer = setTimeout(() => this.pump(), delay);
      this.wakeTimer.unref();
    }
    this.emitStatus();
  }

  /** Work for a profile may start: not suspended, and an endpoint answered a probe. */
  private ready(profileId: string): boolean {
    const p = this.profile(profileId);
    if (p.pausedMessage !== null) return false;
    if (p.verified && p.reachable === true) return true;
    if (!p.probing && !p.probeTimer) void this.probe(profileId);
    return false;
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
    const n = Math.max(1, this.o.endpointsCount(profileId));
    let found = -1;
    let probeError: string | null = null;
    for (let k = 0; k < n && found < 0 && this.running; k++) {
      const idx = (p.preferred + k) % n;
      const c = this.o.connectorFor(profileId, idx);
      if (!c) continue;
      try {
        const signal = AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]);
        if (await c.ping(signal)) found = idx;
      } catch (e) {
        // A refusal with a reason (certificate): unreachable, and the reason goes on the waiting transfers.
        probeError = e instanceof Error ? e.message : String(e);
      }
    }
    p.probing = false;
    if (!this.running) return;
    if (found >= 0) {
      p.preferred = found;
      p.verified = true;
      this.setReachable(profileId, true);
      this.wake();
    } else {
      p.verified = false;
      if (probeError) {
        this.o.db
          .prepare(
            "UPDATE transfers SET last_error = ?, updated_at = ? WHERE profile_id = ? AND state IN ('queued','sending','failed','sent','acknowledged')",
          )
          .run(probeError, this.now().toISOString(), profileId);
      }
      this.setReachable(profileId, false, probeError ?? undefined);
      p.probeTimer = setTimeout(() => {
        p.probeTimer = null;
        this.wake();
      }, this.o.settings().probeIntervalMs);
      p.probeTimer.unref();
    }
  }

  private setReachable(profileId: string, reachable: boolean, reason?: string): void {
    const p = this.profile(profileId);
    if (p.reachable === reachable) return;
    p.reachable = reachable;
    this.o.bus.emit({
      type: 'connectivity',
      profileId,
      reachable,
      message: reachable ? MSG.reachable : (reason ?? MSG.unreachable),
      at: this.now().toISOString(),
    });
    this.emitStatus();
  }

  /**
   * A network error on an endpoint. With several endpoints: move to the next one and probe
   * first (failover). With one: a lone reset is just retried; two in a row mean "check the
   * archive is still there" (and tell the user if not).
   */
  private suspect(profileId: string, endpointIndex: number): void {
    const p = this.profile(profileId);
    const n = Math.max(1, this.o.endpointsCount(profileId));
    p.networkStreak++;
    if (n > 1 && p.preferred === endpointIndex) p.preferred = (endpointIndex + 1) % n;
    if (n > 1 || p.networkStreak >= 2) {
      p.verified = false;
      p.networkStreak = 0;
    }
  }

  /** An exchange with the archive went through. */
  private healthy(profileId: string): void {
    this.profile(profileId).networkStreak = 0;
  }

  // ---------------------------------------------------------------- sending

  private launchUpload(row: DueRow): void {
    const active: ActiveUpload = {
      transferId: row.id,
      profileId: row.profile_id,
      sentBytes: 0,
      totalBytes: 0,
      rate: 0,
      controller: new AbortController(),
      interrupted: null,
      lastSampleAt: performance.now(),
      lastSampleBytes: 0,
      lastEmitAt: 0,
      lastPersistAt: 0,
      samples: [],
    };
    this.uploads.set(row.id, active);
    const p = this.runSend(active).finally(() => {
      this.uploads.delete(row.id);
      this.uploadPromises.delete(row.id);
      this.wake();
    });
    this.uploadPromises.set(row.id, p);
  }

  private async runSend(a: ActiveUpload): Promise<void> {
    const t = this.repo.get(a.transferId);
    if (!t || !SEND_STATES.includes(t.state)) return;
    const endpointIndex = this.profile(t.profileId).preferred;
    const signal = a.controller.signal;
    try {
      const connector = this.o.connectorFor(t.profileId, endpointIndex);
      if (!connector) return this.fail(t, MSG.noEndpoint, null);
      let prepared: PreparedTransfer;
      try {
        prepared = await this.o.prepare(t.id);
      } catch (e) {
        if (a.interrupted) throw e;
        return this.fail(t, MSG.prepareFailed(e instanceof Error ? e.message : String(e)), null);
      }
      if (prepared.messageIdentifier !== t.messageIdentifier) return this.fail(t, MSG.mismatch, null);
      this.q.setAgency.run(prepared.transferringAgency, t.id);
      a.totalBytes = prepared.totalBytes;
      a.sentBytes = 0;
      // Exactly once: any earlier attempt may have reached the archive — ask before resending.
      if (t.attempts > 0) {
        const found = await connector.lookup(this.refOf(t, prepared.transferringAgency), signal);
        if (found.received) return this.markSent(t, endpointIndex, found.operationId ?? t.operationId);
      }
      // A chunk session belongs to the endpoint that opened it.
      const resume = t.endpointIndex === endpointIndex && t.resumeState ? (t.resumeState as ResumeState) : undefined;
      // Persisted before the first byte leaves: from here on, a crash means "maybe received".
      const attempts = t.attempts + 1;
      this.commit(
        t.id,
        'sending',
        {
          attempts,
          endpointIndex,
          totalBytes: prepared.totalBytes,
          nextAttemptAt: null,
          resumeState: resume ? { ...resume } : null,
        },
        { profileId: t.profileId, attempts, nextAttemptAt: null },
      );
      let result: SendResult;
      try {
        result = await connector.send(prepared, {
          signal,
          throttle: this.throttle,
          ...(resume ? { resume } : {}),
          onResumeState: (state) => this.q.setResume.run(JSON.stringify(state), new Date().toISOString(), t.id),
          onProgress: (sent, total) => this.onProgress(a, sent, total),
        });
      } catch (e) {
        // "Already received" (409): the archive holds this identifier — from an attempt this
        // database does not remember (restored backup, a lookup that was wrong). Ask it: if it
        // has the transfer, it is sent; otherwise the refusal stands.
        if (e instanceof ArchiveError && e.httpStatus === 409 && !a.interrupted) {
          // Asking failed (network, 5xx): not a final refusal — try again later, asking first.
          const found = await connector
            .lookup(this.refOf(t, prepared.transferringAgency), signal)
            .catch((le: unknown) => {
              throw new ArchiveError(
                'server',
                `L’archive dit avoir déjà reçu ce transfert, mais il n’a pas pu être vérifié (${le instanceof Error ? le.message : String(le)}). Un nouvel essai sera fait plus tard.`,
                true,
                true,
              );
            });
          if (found.received) return this.markSent({ ...t, attempts }, endpointIndex, found.operationId ?? null);
        }
        throw e;
      }
      this.onProgress(a, prepared.totalBytes, prepared.totalBytes, true);
      this.markSent({ ...t, attempts }, endpointIndex, result.operationId ?? null);
    } catch (e) {
      this.onSendError(a, e, endpointIndex);
    }
  }

  private onSendError(a: ActiveUpload, e: unknown, endpointIndex: number): void {
    const t = this.repo.get(a.transferId);
    if (!t) return;
    if (a.interrupted) {
      // Not a failure: back in line, attempts kept so the next try asks the archive first.
      if (t.state === 'sending' || t.state === 'failed') {
        this.persistSentBytes(a, true);
        this.commit(
          t.id,
          'queued',
          { nextAttemptAt: null },
          { profileId: t.profileId, reason: MSG.interrupted, attempts: t.attempts, nextAttemptAt: null },
        );
      }
      return;
    }
    const err =
      e instanceof ArchiveError ? e : new ArchiveError('protocol', e instanceof Error ? e.message : String(e), false);
    if (err.code === 'auth') {
      const message = MSG.auth(err.message);
      this.pauseProfileOnAuth(t.profileId, message);
      return this.fail(t, message, null);
    }
    // The body reached the archive but the answer was unusable: the archive may hold it. Never give
    // up there — the next attempt asks the archive (lookup) before anything is sent again.
    if (!err.retryable && !err.outcomeUnknown) return this.fail(t, err.message, null);
    const network = err.code === 'network' || err.code === 'timeout';
    const n = Math.max(1, this.o.endpointsCount(t.profileId));
    if (network) this.suspect(t.profileId, endpointIndex);
    // Failover: another endpoint is tried at once (after a probe), then backoff applies.
    const streak = Math.max(1, t.attempts);
    const delay = network && n > 1 && streak < n ? 0 : backoffDelay(streak, this.o.settings().retry, this.rng);
    this.fail(t, err.message, new Date(this.now().getTime() + delay));
  }

  private fail(t: TransferRecord, reason: string, next: Date | null): void {
    const nextAttemptAt = next ? next.toISOString() : null;
    this.commit(
      t.id,
      'failed',
      { lastError: reason, nextAttemptAt },
      { profileId: t.profileId, reason, attempts: t.attempts, nextAttemptAt },
    );
  }

  private markSent(t: TransferRecord, endpointIndex: number, operationId: string | null): void {
    this.healthy(t.profileId);
    const at = this.now();
    const next = new Date(at.getTime() + this.o.settings().tracking.initialMs).toISOString();
    this.commit(
      t.id,
      'sent',
      {
        endpointIndex,
        operationId,
        sentAt: at.toISOString(),
        sentBytes: t.totalBytes || this.repo.get(t.id)?.totalBytes || 0,
        resumeState: null,
        lastError: null,
        nextAttemptAt: next,
      },
      { profileId: t.profileId, attempts: t.attempts, nextAttemptAt: null },
    );
  }

  private pauseProfileOnAuth(profileId: string, message: string): void {
    const p = this.profile(profileId);
    if (p.pausedMessage !== null) return;
    p.pausedMessage = message;
    this.o.bus.emit({ type: 'notification', level: 'error', title: 'L’archive refuse la connexion', body: message });
    this.emitStatus();
  }

  private onProgress(a: ActiveUpload, sent: number, total: number, final = false): void {
    const t = performance.now();
    // Smoothed rate = bytes over a sliding window (an EWMA of per-slice rates is too noisy).
    if (sent < a.lastSampleBytes) a.samples.length = 0; // a resumed upload restarts its count
    a.samples.push([t, sent]);
    while (a.samples.length > 2 && t - a.samples[0]![0] > RATE_WINDOW_MS) a.samples.shift();
    const first = a.samples[0]!;
    if (t - first[0] >= 200) a.rate = ((sent - first[1]) * 1000) / (t - first[0]);
    a.lastSampleAt = t;
    a.lastSampleBytes = sent;
    a.sentBytes = sent;
    a.totalBytes = total;
    if (final || t - a.lastEmitAt >= PROGRESS_EMIT_MS) {
      a.lastEmitAt = t;
      this.o.bus.emit({
        type: 'transfer.progress',
        transferId: a.transferId,
        profileId: a.profileId,
        sentBytes: sent,
        totalBytes: total,
        rate: Math.round(a.rate),
      });
    }
    this.persistSentBytes(a, final);
  }

  private persistSentBytes(a: ActiveUpload, force: boolean): void {
    const t = performance.now();
    if (!force && t - a.lastPersistAt < PROGRESS_PERSIST_MS) return;
    a.lastPersistAt = t;
    this.q.setSent.run(a.sentBytes, new Date().toISOString(), a.transferId);
  }

  private interruptUploads(why: 'stop' | 'pause'): void {
    for (const a of this.uploads.values()) this.interrupt(a, why);
  }

  private interrupt(a: ActiveUpload, why: 'stop' | 'pause'): void {
    if (a.interrupted) return;
    a.interrupted = why;
    a.controller.abort();
  }

  private onRateTick(): void {
    if (!this.running) return;
    this.throttle.refresh();
    const s = this.o.settings();
    const metered = meteredPause(s.bandwidth, s.metered);
    if (metered && !this.wasMetered) this.interruptUploads('pause');
    if (!metered && this.wasMetered) this.wake();
    this.wasMetered = metered;
    this.emitStatus();
  }

  // ---------------------------------------------------------------- tracking (ACK, ATR)

  private async runPoll(id: string): Promise<void> {
    const t = this.repo.get(id);
    if (!t || !TRACK_STATES.includes(t.state)) return;
    const endpointIndex = this.profile(t.profileId).preferred;
    const connector = this.o.connectorFor(t.profileId, endpointIndex);
    if (!connector) return this.schedulePoll(t, null, MSG.noEndpoint);
    const signal = this.lifetime.signal;
    try {
      const ref = this.refOf(t, await this.agencyOf(t));
      if (t.state === 'sent') {
        const ack = await connector.acknowledgement(ref, signal);
        if (ack.state === 'pending') return this.schedulePoll(t, connector.kind);
        this.commit(
          t.id,
          'acknowledged',
          { ackXml: ack.xml, acknowledgedAt: ack.date ?? this.now().toISOString() },
          {
            profileId: t.profileId,
            attempts: t.attempts,
            nextAttemptAt: null,
          },
        );
      }
      const reply = await connector.reply(ref, signal);
      this.healthy(t.profileId);
      if (reply.state === 'pending') return this.schedulePoll(t, connector.kind);
      const accepted = reply.state !== 'rejected';
      const archiveReference = reply.archiveReference ?? null;
      this.commit(
        t.id,
        accepted ? 'accepted' : 'rejected',
        {
          replyXml: reply.xml,
          replyCode: reply.replyCode,
          replyComment: reply.comment,
          archiveReference,
          repliedAt: reply.date ?? this.now().toISOString(),
          nextAttemptAt: null,
          lastError: accepted ? null : reply.comment,
        },
        {
          profileId: t.profileId,
          attempts: t.attempts,
          nextAttemptAt: null,
          replyCode: reply.replyCode,
          ...(archiveReference ? { archiveReference } : {}),
          ...(accepted && reply.state === 'accepted' ? {} : { reason: reply.comment }),
        },
      );
      this.notifyVerdict(t.id, accepted, reply.comment);
    } catch (e) {
      if (!this.running) return;
      const err =
        e instanceof ArchiveError ? e : new ArchiveError('protocol', e instanceof Error ? e.message : String(e), true);
      if (err.code === 'auth') this.pauseProfileOnAuth(t.profileId, MSG.auth(err.message));
      if (err.code === 'network' || err.code === 'timeout') this.suspect(t.profileId, endpointIndex);
      this.schedulePoll(
        this.repo.get(id) ?? t,
        connector.kind,
        err.code === 'network' || err.code === 'timeout' ? undefined : err.message,
      );
    }
  }

  /** Polls space out with the transfer's age; Vitam gets at most one poll a minute. */
  private schedulePoll(t: TransferRecord, kind: ArchiveConnector['kind'] | null, error?: string): void {
    const s = this.o.settings().tracking;
    const now = this.now().getTime();
    const sentAt = t.sentAt ? Date.parse(t.sentAt) : now;
    const age = Math.max(0, now - sentAt);
    let delay = Math.min(s.maxMs, Math.max(s.initialMs, age / 4));
    if (kind === 'vitam') delay = Math.max(delay, s.vitamMinMs);
    const warn = error ?? (age > s.warnAfterMs ? MSG.noReply : null);
    this.q.setNext.run(new Date(now + delay).toISOString(), warn, new Date().toISOString(), t.id);
  }

  private async agencyOf(t: TransferRecord): Promise<string> {
    const row = this.q.agencyOf.get(t.id) as { a: string | null } | undefined;
    if (row?.a) return row.a;
    const prepared = await this.o.prepare(t.id);
    this.q.setAgency.run(prepared.transferringAgency, t.id);
    return prepared.transferringAgency;
  }

  private refOf(t: TransferRecord, transferringAgency: string): TransferRef {
    // When an earlier attempt's body left (Vitam): its lookup waits for the archive's logbook.
    const bodySentAt = t.resumeState?.bodySentAt;
    return {
      messageIdentifier: t.messageIdentifier,
      transferringAgency,
      ...(t.operationId ? { operationId: t.operationId } : {}),
      ...(typeof bodySentAt === 'string' ? { bodySentAt } : {}),
    };
  }

  // ---------------------------------------------------------------- persistence, events

  /** State change + the documents' transitions in one transaction; events after commit. */
  private commit(id: string, state: TransferState, patch: Partial<TransferRecord>, info: TransferStateInfo): void {
    const events = this.o.db
      .transaction(() => {
        this.repo.update(id, { ...patch, state });
        return this.o.onTransferState?.(id, state, info) ?? [];
      })
      .immediate();
    for (const e of events) this.o.bus.emit(e);
    this.emitStatus();
  }

  private requeue(ids: string[], nightOnly: boolean): void {
    const s = this.o.settings();
    const now = this.now();
    const next = nightOnly ? nextNightStart(now, s.bandwidth.night) : null;
    for (const id of ids) {
      const t = this.repo.get(id);
      if (!t) continue;
      const nextIso = next && next.getTime() > now.getTime() ? next.toISOString() : null;
      if (t.state === 'failed') {
        this.commit(
          id,
          'queued',
          { nextAttemptAt: nextIso, lastError: null },
          { profileId: t.profileId, attempts: t.attempts, nextAttemptAt: nextIso },
        );
        this.q.setNight.run(nightOnly ? 1 : 0, nextIso, now.toISOString(), id);
      } else if (t.state === 'queued' || t.state === 'sending') {
        if (this.uploads.has(id)) continue;
        this.q.setNight.run(nightOnly ? 1 : 0, nextIso, now.toISOString(), id);
      } else if (TRACK_STATES.includes(t.state) && !nightOnly) {
        this.q.setNext.run(null, null, now.toISOString(), id); // « Vérifier maintenant »
      }
    }
    this.emitStatus();
  }

  private notifyVerdict(transferId: string, accepted: boolean, comment: string): void {
    const docs = Math.max(1, (this.q.docsOf.get(transferId) as { n: number }).n);
    if (accepted) this.notifyAccepted += docs;
    else this.notifyRejected.push(comment);
    // One notification per batch: flush when nothing is left in flight, else after a delay.
    const pending = (this.q.counts.get() as { pending: number | null }).pending ?? 0;
    if (pending === 0) return this.flushNotifications();
    if (!this.notifyTimer) {
      this.notifyTimer = setTimeout(() => this.flushNotifications(), this.o.settings().notifyDelayMs);
      this.notifyTimer.unref();
    }
  }

  private flushNotifications(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    const n = this.notifyAccepted;
    const rejected = this.notifyRejected;
    this.notifyAccepted = 0;
    this.notifyRejected = [];
    if (n > 0) {
      this.o.bus.emit({
        type: 'notification',
        level: 'success',
        title: n === 1 ? '1 document versé' : `${n} documents versés`,
        body: n === 1 ? 'Le document a été accepté par l’archive.' : 'Les documents ont été acceptés par l’archive.',
      });
    }
    if (rejected.length > 0) {
      const r = rejected.length;
      this.o.bus.emit({
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

  private emitStatus(force = false): void {
    const st = this.status();
    const key = `${st.paused}|${st.reason}|${st.pendingCount}`;
    if (!force && key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    const event: CoreEvent = {
      type: 'sync.status',
      paused: st.paused,
      reason: st.reason,
      pendingCount: st.pendingCount,
    };
    this.o.bus.emit(event);
  }
}
