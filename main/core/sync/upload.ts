// Sending one transfer: never the same MessageIdentifier twice (ask the archive first after
// any attempt whose outcome is not known), chunked uploads resumed on the endpoint that
// opened them, progress sampled for the user, and the retry decision on failure (failover,
// backoff, the desktop-wide overload gate, suspension on refused credentials).
import {
  ArchiveError,
  type ArchiveConnector,
  type PreparedTransfer,
  type ResumeState,
  type SendResult,
  type UploadThrottle,
} from '../archive/connector';
import type { EventBus } from '../events';
import type { SyncQueueStore } from '../store/sync-queue';
import type { TransferRecord, TransferState } from '../store/transfers';
import { backoffDelay, type Rng } from './backoff';
import type { Clock } from './clock';
import { isOverload, type EndpointGate } from './endpoint-gate';
import type { Reachability } from './reachability';
import { transferRef } from './refs';
import type { Transitions } from './transitions';
import type { ActiveTransferStatus, SyncSettings } from './sync-types';
import { RateSampler } from './upload-rate';

const SEND_STATES: readonly TransferState[] = ['queued', 'sending', 'failed'];
const PROGRESS_EMIT_MS = 200;
const PROGRESS_PERSIST_MS = 1_000;

export const UPLOAD_MSG = {
  interrupted: 'Envoi interrompu ; il reprendra automatiquement.',
  noEndpoint: 'Aucune adresse d’archive n’est configurée pour ce profil.',
  mismatch:
    'Le paquet préparé ne correspond pas au versement enregistré (identifiant différent). Le versement est bloqué pour éviter un doublon.',
  prepareFailed: (m: string) => `Le versement n’a pas pu être préparé : ${m}`,
  auth: (m: string) =>
    `${m} Les envois de ce profil sont suspendus : vérifiez l’identifiant et le mot de passe dans les réglages.`,
} as const;

/** File-system errors that pass by themselves (Windows sharing violations, full disk, fd limits). */
const TRANSIENT_FS_CODES = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOSPC', 'ETXTBSY', 'EPERM', 'EACCES']);

function isTransientLocalError(e: unknown): boolean {
  const code = e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined;
  return typeof code === 'string' && TRANSIENT_FS_CODES.has(code);
}

/** What the uploader and the tracker ask of the reachability and of the endpoint gate. */
export type ReachPort = Pick<Reachability, 'preferred' | 'suspect' | 'healthy' | 'pauseOnAuth'>;
export type GatePort = Pick<EndpointGate, 'overloaded' | 'passed'>;

export interface UploaderDeps {
  store: Pick<SyncQueueStore, 'get' | 'setAgency' | 'setResume' | 'setSentBytes'>;
  states: Pick<Transitions, 'commit' | 'fail'>;
  reach: ReachPort;
  gate: GatePort;
  connectorFor(profileId: string, endpointIndex: number): ArchiveConnector | null;
  endpointsCount(profileId: string): number;
  prepare(transferId: string): Promise<PreparedTransfer>;
  settings(): Pick<SyncSettings, 'retry' | 'tracking'>;
  clock: Clock;
  rng: Rng;
  bus: Pick<EventBus, 'emit'>;
  throttle: UploadThrottle;
  /** Delay before the first ACK/ATR poll of a transfer just sent. */
  firstPollDelay(profileId: string, kind: ArchiveConnector['kind']): number;
  /** An upload finished (whatever the outcome): the scheduler may start the next. */
  settled(): void;
}

interface ActiveUpload extends ActiveTransferStatus {
  controller: AbortController;
  interrupted: 'stop' | 'pause' | null;
  sampler: RateSampler;
  lastEmitAt: number;
  lastPersistAt: number;
}

export class Uploader {
  private readonly active = new Map<string, ActiveUpload>();
  private readonly promises = new Map<string, Promise<void>>();
  /** Consecutive passing local faults while preparing, per transfer (for the backoff). */
  private readonly prepareFailures = new Map<string, number>();

  constructor(private readonly d: UploaderDeps) {}

  get size(): number {
    return this.active.size;
  }

  has(id: string): boolean {
    return this.active.has(id);
  }

  snapshot(): ActiveTransferStatus[] {
    return [...this.active.values()].map((a) => ({
      transferId: a.transferId,
      profileId: a.profileId,
      sentBytes: a.sentBytes,
      totalBytes: a.totalBytes,
      rate: Math.round(a.rate),
    }));
  }

  launch(transferId: string, profileId: string): void {
    const a: ActiveUpload = {
      transferId,
      profileId,
      sentBytes: 0,
      totalBytes: 0,
      rate: 0,
      controller: new AbortController(),
      interrupted: null,
      sampler: new RateSampler(),
      lastEmitAt: 0,
      lastPersistAt: 0,
    };
    this.active.set(transferId, a);
    const p = this.run(a).finally(() => {
      this.active.delete(transferId);
      this.promises.delete(transferId);
      this.d.settled();
    });
    this.promises.set(transferId, p);
  }

  /** Stops uploads (all, or one profile's); they go back to `queued`, resumable. */
  interrupt(why: 'stop' | 'pause', profileId?: string): void {
    for (const a of this.active.values()) {
      if (profileId !== undefined && a.profileId !== profileId) continue;
      if (a.interrupted) continue;
      a.interrupted = why;
      a.controller.abort();
    }
  }

  settledAll(): Promise<unknown> {
    return Promise.allSettled([...this.promises.values()]);
  }

  private async run(a: ActiveUpload): Promise<void> {
    const t = this.d.store.get(a.transferId);
    if (!t || !SEND_STATES.includes(t.state)) return;
    const endpointIndex = this.d.reach.preferred(t.profileId);
    const signal = a.controller.signal;
    try {
      const connector = this.d.connectorFor(t.profileId, endpointIndex);
      if (!connector) return this.d.states.fail(t, UPLOAD_MSG.noEndpoint, null);
      let prepared: PreparedTransfer;
      try {
        prepared = await this.d.prepare(t.id);
      } catch (e) {
        if (a.interrupted) throw e;
        const message = UPLOAD_MSG.prepareFailed(e instanceof Error ? e.message : String(e));
        // A passing local fault (file held by the antivirus, disk full for a moment): try again later.
        if (isTransientLocalError(e)) {
          const n = (this.prepareFailures.get(t.id) ?? 0) + 1;
          this.prepareFailures.set(t.id, n);
          return this.d.states.fail(
            t,
            message,
            new Date(this.d.clock.now() + backoffDelay(n, this.d.settings().retry, this.d.rng)),
          );
        }
        return this.d.states.fail(t, message, null);
      }
      this.prepareFailures.delete(t.id);
      if (prepared.messageIdentifier !== t.messageIdentifier) return this.d.states.fail(t, UPLOAD_MSG.mismatch, null);
      this.d.store.setAgency(t.id, prepared.transferringAgency);
      a.totalBytes = prepared.totalBytes;
      a.sentBytes = 0;
      const ref = transferRef(t, prepared.transferringAgency);
      // Exactly once: any earlier attempt may have reached the archive — ask before resending.
      if (t.attempts > 0) {
        const found = await connector.lookup(ref, signal);
        if (found.received) return this.markSent(t, endpointIndex, found.operationId ?? t.operationId, connector.kind);
      }
      // A chunk session belongs to the endpoint that opened it.
      const resume = t.endpointIndex === endpointIndex && t.resumeState ? (t.resumeState as ResumeState) : undefined;
      // Persisted before the first byte leaves: from here on, a crash means "maybe received".
      const attempts = t.attempts + 1;
      this.d.states.commit(
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
          throttle: this.d.throttle,
          ...(resume ? { resume } : {}),
          onResumeState: (state) => this.d.store.setResume(t.id, JSON.stringify(state), this.nowIso()),
          onProgress: (sent, total) => this.onProgress(a, sent, total),
        });
      } catch (e) {
        // "Already received" (409): the archive holds this identifier — from an attempt this
        // database does not remember (restored backup, a lookup that was wrong). Ask it: if it
        // has the transfer, it is sent; otherwise the refusal stands.
        if (e instanceof ArchiveError && e.httpStatus === 409 && !a.interrupted) {
          // Asking failed (network, 5xx): not a final refusal — try again later, asking first.
          const found = await connector.lookup(ref, signal).catch((le: unknown) => {
            throw new ArchiveError(
              'server',
              `L’archive dit avoir déjà reçu ce transfert, mais il n’a pas pu être vérifié (${le instanceof Error ? le.message : String(le)}). Un nouvel essai sera fait plus tard.`,
              true,
              true,
            );
          });
          if (found.received)
            return this.markSent({ ...t, attempts }, endpointIndex, found.operationId ?? null, connector.kind);
        }
        throw e;
      }
      this.onProgress(a, prepared.totalBytes, prepared.totalBytes, true);
      this.markSent({ ...t, attempts }, endpointIndex, result.operationId ?? null, connector.kind);
    } catch (e) {
      this.onError(a, e, endpointIndex);
    }
  }

  private onError(a: ActiveUpload, e: unknown, endpointIndex: number): void {
    const t = this.d.store.get(a.transferId);
    if (!t) return;
    if (a.interrupted) {
      // Not a failure: back in line, attempts kept so the next try asks the archive first.
      if (t.state === 'sending' || t.state === 'failed') {
        this.persistSentBytes(a, true);
        this.d.states.commit(
          t.id,
          'queued',
          { nextAttemptAt: null },
          { profileId: t.profileId, reason: UPLOAD_MSG.interrupted, attempts: t.attempts, nextAttemptAt: null },
        );
      }
      return;
    }
    const err =
      e instanceof ArchiveError ? e : new ArchiveError('protocol', e instanceof Error ? e.message : String(e), false);
    if (err.code === 'auth') {
      const message = UPLOAD_MSG.auth(err.message);
      this.d.reach.pauseOnAuth(t.profileId, message);
      return this.d.states.fail(t, message, null);
    }
    // Overloaded: every call of this desktop to that endpoint waits (no failover: moving the
    // load to the other site is what would push it over its capacity too).
    if (isOverload(err)) {
      const until = this.d.gate.overloaded(t.profileId, endpointIndex, err.retryAfterMs);
      return this.d.states.fail(t, err.message, new Date(until));
    }
    // The body reached the archive but the answer was unusable: the archive may hold it. Never give
    // up there — the next attempt asks the archive (lookup) before anything is sent again.
    if (!err.retryable && !err.outcomeUnknown) return this.d.states.fail(t, err.message, null);
    const network = err.code === 'network' || err.code === 'timeout';
    const n = Math.max(1, this.d.endpointsCount(t.profileId));
    if (network) this.d.reach.suspect(t.profileId, endpointIndex);
    // Failover: another endpoint is tried at once (after a probe), then backoff applies.
    const streak = Math.max(1, t.attempts);
    const delay = network && n > 1 && streak < n ? 0 : backoffDelay(streak, this.d.settings().retry, this.d.rng);
    this.d.states.fail(t, err.message, new Date(this.d.clock.now() + delay));
  }

  private markSent(
    t: TransferRecord,
    endpointIndex: number,
    operationId: string | null,
    kind: ArchiveConnector['kind'],
  ): void {
    this.d.reach.healthy(t.profileId);
    this.d.gate.passed(t.profileId, endpointIndex);
    const at = this.d.clock.now();
    const next = new Date(at + this.d.firstPollDelay(t.profileId, kind)).toISOString();
    this.d.states.commit(
      t.id,
      'sent',
      {
        endpointIndex,
        operationId,
        sentAt: new Date(at).toISOString(),
        sentBytes: t.totalBytes || this.d.store.get(t.id)?.totalBytes || 0,
        resumeState: null,
        lastError: null,
        nextAttemptAt: next,
      },
      { profileId: t.profileId, attempts: t.attempts, nextAttemptAt: null },
    );
  }

  private onProgress(a: ActiveUpload, sent: number, total: number, final = false): void {
    const t = this.d.clock.monotonic();
    a.rate = a.sampler.sample(t, sent);
    a.sentBytes = sent;
    a.totalBytes = total;
    if (final || t - a.lastEmitAt >= PROGRESS_EMIT_MS) {
      a.lastEmitAt = t;
      this.d.bus.emit({
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
    const t = this.d.clock.monotonic();
    if (!force && t - a.lastPersistAt < PROGRESS_PERSIST_MS) return;
    a.lastPersistAt = t;
    this.d.store.setSentBytes(a.transferId, a.sentBytes, this.nowIso());
  }

  private nowIso(): string {
    return new Date(this.d.clock.now()).toISOString();
  }
}
