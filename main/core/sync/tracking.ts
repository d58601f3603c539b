// After sending: poll the archive for the Acknowledgement, then the ArchiveTransferReply,
// until its verdict. When to ask is poll-spacing.ts's business (Vitam: at most once a minute).
import { ArchiveError, type ArchiveConnector, type PreparedTransfer } from '../archive/connector';
import type { SyncQueueStore } from '../store/sync-queue';
import type { TransferRecord } from '../store/transfers';
import type { Rng } from './backoff';
import type { Clock } from './clock';
import { isOverload } from './endpoint-gate';
import { ackPollDelay, firstPollDelay, nextPollDelay, TURNAROUND_SAMPLES, TurnaroundEstimate } from './poll-spacing';
import { transferRef } from './refs';
import { TRACK_STATES, type Transitions } from './transitions';
import type { SyncSettings } from './sync-types';
import { UPLOAD_MSG, type GatePort, type ReachPort } from './upload';

/** A transfer still pending after this many longest poll intervals no longer pushes the younger ones. */
const STUCK_AFTER_POLLS = 4;

const MSG = {
  noReply: 'L’archive n’a pas encore rendu sa réponse pour ce versement. Sceau continue de vérifier.',
} as const;

export interface TrackerDeps {
  store: Pick<SyncQueueStore, 'get' | 'setNext' | 'agencyOf' | 'setAgency' | 'tracked' | 'recentReplies'>;
  states: Pick<Transitions, 'commit'>;
  reach: ReachPort;
  gate: GatePort;
  connectorFor(profileId: string, endpointIndex: number): ArchiveConnector | null;
  prepare(transferId: string): Promise<PreparedTransfer>;
  settings(): Pick<SyncSettings, 'tracking'>;
  clock: Pick<Clock, 'now'>;
  rng: Rng;
  verdict(transferId: string, accepted: boolean, comment: string): void;
  running(): boolean;
  lifetime(): AbortSignal;
  /** A poll finished: the scheduler may start the next. */
  settled(): void;
}

export class Tracker {
  private readonly polls = new Map<string, Promise<void>>();
  private readonly turnaround = new TurnaroundEstimate();

  constructor(private readonly d: TrackerDeps) {}

  /**
   * Delay before the first poll of a transfer just sent: about this archive's usual turnaround;
   * as@lae's Acknowledgement (on reception) is asked sooner, the reply then at that turnaround.
   */
  firstPollDelay(profileId: string, kind: ArchiveConnector['kind'] | null = null): number {
    // Past days' verdicts: a Monday morning starts from last week's pace.
    this.turnaround.ensure(
      profileId,
      () => this.d.store.recentReplies(profileId, TURNAROUND_SAMPLES).reverse(),
      this.d.clock.now(),
    );
    const estimate = this.turnaround.estimate(profileId);
    const s = this.d.settings().tracking;
    return kind === 'asalae' ? ackPollDelay(s, estimate, this.d.rng) : firstPollDelay(s, estimate, this.d.rng);
  }

  get size(): number {
    return this.polls.size;
  }

  has(id: string): boolean {
    return this.polls.has(id);
  }

  launch(id: string): void {
    const p = this.poll(id).finally(() => {
      this.polls.delete(id);
      this.d.settled();
    });
    this.polls.set(id, p);
  }

  settledAll(): Promise<unknown> {
    return Promise.allSettled([...this.polls.values()]);
  }

  private async poll(id: string): Promise<void> {
    const t = this.d.store.get(id);
    if (!t || !TRACK_STATES.includes(t.state)) return;
    const endpointIndex = this.d.reach.preferred(t.profileId);
    const connector = this.d.connectorFor(t.profileId, endpointIndex);
    if (!connector) {
      this.schedule(t, null, UPLOAD_MSG.noEndpoint);
      return;
    }
    const signal = this.d.lifetime();
    try {
      const ref = transferRef(t, await this.agencyOf(t));
      if (t.state === 'sent') {
        const ack = await connector.acknowledgement(ref, signal);
        if (ack.state === 'pending') return this.pending(t, endpointIndex, connector.kind);
        this.d.states.commit(
          t.id,
          'acknowledged',
          { ackXml: ack.xml, acknowledgedAt: ack.date ?? this.nowIso() },
          { profileId: t.profileId, attempts: t.attempts, nextAttemptAt: null },
        );
        // Asked early (on reception): the reply is asked when this archive usually has it.
        if (this.replyLater(t)) return;
      }
      const reply = await connector.reply(ref, signal);
      if (reply.state === 'pending') return this.pending(t, endpointIndex, connector.kind);
      this.d.reach.healthy(t.profileId);
      this.d.gate.passed(t.profileId, endpointIndex);
      if (t.sentAt) this.turnaround.record(t.profileId, Date.parse(t.sentAt), reply.date, this.d.clock.now());
      const accepted = reply.state !== 'rejected';
      const archiveReference = reply.archiveReference ?? null;
      this.d.states.commit(
        t.id,
        accepted ? 'accepted' : 'rejected',
        {
          replyXml: reply.xml,
          replyCode: reply.replyCode,
          replyComment: reply.comment,
          archiveReference,
          repliedAt: reply.date ?? this.nowIso(),
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
      this.d.verdict(t.id, accepted, reply.comment);
    } catch (e) {
      if (!this.d.running()) return;
      const err =
        e instanceof ArchiveError ? e : new ArchiveError('protocol', e instanceof Error ? e.message : String(e), true);
      if (err.code === 'auth') this.d.reach.pauseOnAuth(t.profileId, UPLOAD_MSG.auth(err.message));
      const network = err.code === 'network' || err.code === 'timeout';
      if (network) this.d.reach.suspect(t.profileId, endpointIndex);
      const latest = this.d.store.get(id) ?? t;
      if (isOverload(err)) {
        // The whole desktop waits; this transfer is asked again once the archive said so.
        const until = this.d.gate.overloaded(t.profileId, endpointIndex, err.retryAfterMs);
        this.schedule(latest, connector.kind, undefined, until);
        return;
      }
      this.schedule(latest, connector.kind, network ? undefined : err.message);
    }
  }

  /** Schedules the reply's poll at the usual turnaround from sending, if that is still ahead. */
  private replyLater(t: TransferRecord): boolean {
    const sentAt = t.sentAt ? Date.parse(t.sentAt) : NaN;
    if (!Number.isFinite(sentAt)) return false;
    const now = this.d.clock.now();
    const at = sentAt + this.firstPollDelay(t.profileId);
    if (at <= now + this.d.settings().tracking.initialMs / 10) return false;
    this.d.store.setNext(t.id, new Date(at).toISOString(), null, this.nowIso());
    return true;
  }

  /**
   * The archive has nothing yet for this transfer: ask again later, and push back the
   * younger transfers of the profile by as much (sent after it, answered after it).
   */
  private pending(t: TransferRecord, endpointIndex: number, kind: ArchiveConnector['kind']): void {
    this.d.reach.healthy(t.profileId);
    this.d.gate.passed(t.profileId, endpointIndex);
    const at = this.schedule(t, kind);
    const sentAt = t.sentAt ? Date.parse(t.sentAt) : NaN;
    if (!Number.isFinite(sentAt)) return;
    // Only while this one is within the archive's usual pace: one held for days (an archivist
    // validates it by hand) says nothing of the younger ones, and pushing them at each of its
    // polls would never let them be asked.
    if (this.d.clock.now() - sentAt > STUCK_AFTER_POLLS * this.d.settings().tracking.maxMs) return;
    const nowIso = this.nowIso();
    for (const y of this.d.store.tracked(t.profileId)) {
      const ySent = y.sentAt ? Date.parse(y.sentAt) : NaN;
      // Not one in flight, and not one the user asked to check now (« Vérifier maintenant »: no time).
      if (y.id === t.id || !(ySent >= sentAt) || this.polls.has(y.id) || y.nextAttemptAt === null) continue;
      const later = at + (ySent - sentAt);
      if (Date.parse(y.nextAttemptAt) < later) this.d.store.setNext(y.id, new Date(later).toISOString(), null, nowIso);
    }
  }

  /** Stores the next poll time (ms epoch) and returns it. */
  private schedule(t: TransferRecord, kind: ArchiveConnector['kind'] | null, error?: string, notBefore = 0): number {
    const s = this.d.settings().tracking;
    const now = this.d.clock.now();
    const sentAt = t.sentAt ? Date.parse(t.sentAt) : now;
    const age = Math.max(0, now - sentAt);
    const at = Math.max(now + nextPollDelay(s, age, kind === 'vitam', this.d.rng), notBefore);
    const warn = error ?? (age > s.warnAfterMs ? MSG.noReply : null);
    this.d.store.setNext(t.id, new Date(at).toISOString(), warn, this.nowIso());
    return at;
  }

  private async agencyOf(t: TransferRecord): Promise<string> {
    const known = this.d.store.agencyOf(t.id);
    if (known) return known;
    const prepared = await this.d.prepare(t.id);
    this.d.store.setAgency(t.id, prepared.transferringAgency);
    return prepared.transferringAgency;
  }

  private nowIso(): string {
    return new Date(this.d.clock.now()).toISOString();
  }
}
