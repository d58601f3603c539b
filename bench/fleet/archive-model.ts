// A model of the archive the fleet talks to (as@lae, two sites sharing one store, e.g.
// Rennes then Lille): per-request latency, a capacity in requests/s per site beyond which it
// answers 503 + Retry-After (cheaply, without doing the work), an ACK as soon as a transfer is
// received and an ATR after its processing time, and an optional outage of one site (every
// call refused). Every call is counted per second for the report.
import {
  ArchiveError,
  type AckResult,
  type ArchiveConnector,
  type ConnectionCheck,
  type PreparedTransfer,
  type ReplyOutcome,
  type SendOptions,
  type SendResult,
  type TransferRef,
} from '../../main/core/archive/connector';
import { rateAt, type BandwidthRules } from '../../main/core/sync/schedule-rules';
import type { Rng } from '../../main/core/sync/backoff';
import type { VirtualClock } from './virtual-clock';

export type CallKind = 'upload' | 'lookup' | 'ack' | 'reply' | 'ping';
export const CALL_KINDS: readonly CallKind[] = ['upload', 'lookup', 'ack', 'reply', 'ping'];

export interface ArchiveModelOptions {
  sites: number;
  /** Requests/s each site serves; beyond, 503. */
  capacityPerSite: number;
  /** What the archive's 503 says (s). */
  retryAfterS: number;
  latencyMs: { min: number; max: number };
  /** Time from reception to the ATR. */
  processingMs: { min: number; max: number };
  /** One site refuses every call in [from, to) (ms epoch). */
  outage: { site: number; from: number; to: number } | null;
  /** Start of the counted period (ms epoch) and its length (s). */
  originMs: number;
  seconds: number;
}

/**
 * Per-second counters, [site][second]: calls served by kind, turned away (503) by kind,
 * refused (site down), and ACK/ATR polls served whose answer was "not yet".
 */
export interface ArchiveCounters {
  served: Record<CallKind, Uint32Array[]>;
  overloaded: Record<CallKind, Uint32Array[]>;
  refused: Uint32Array[];
  pendingAnswers: Uint32Array[];
}

interface Received {
  at: number;
  atrAt: number;
}

const PENDING = { state: 'pending' } as const;

export class ArchiveModel {
  readonly counters: ArchiveCounters;
  /** MessageIdentifier → reception; the two sites share it. */
  private readonly received = new Map<string, Received>();
  private readonly windowSecond: number[];
  private readonly windowCount: number[];
  duplicates = 0;

  constructor(
    private readonly o: ArchiveModelOptions,
    readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {
    const arr = () => Array.from({ length: o.sites }, () => new Uint32Array(o.seconds));
    const byKind = () => ({ upload: arr(), lookup: arr(), ack: arr(), reply: arr(), ping: arr() });
    this.counters = { served: byKind(), overloaded: byKind(), refused: arr(), pendingAnswers: arr() };
    this.windowSecond = new Array<number>(o.sites).fill(-1);
    this.windowCount = new Array<number>(o.sites).fill(0);
  }

  /** When the archive produced its verdict (ATR) for a transfer, or null. */
  verdictAt(messageIdentifier: string): number | null {
    return this.received.get(messageIdentifier)?.atrAt ?? null;
  }

  connector(site: number, uplinkBytesPerS: number, rules: () => BandwidthRules): ArchiveConnector {
    return new ModelConnector(this, site, uplinkBytesPerS, rules);
  }

  /**
   * One call: after the latency, refused (outage), turned away (503, over capacity) or
   * admitted; an admitted upload then takes `bodyMs` to arrive before it is served.
   */
  async call<T>(site: number, kind: CallKind, serve: () => T, bodyMs = 0): Promise<T> {
    const { min, max } = this.o.latencyMs;
    await this.sleep(min + this.rng() * (max - min));
    const now = this.clock.now();
    const second = Math.floor((now - this.o.originMs) / 1000);
    const s = Math.min(Math.max(0, second), this.o.seconds - 1);
    const down = this.o.outage;
    if (down && down.site === site && now >= down.from && now < down.to) {
      this.counters.refused[site]![s]!++;
      throw new ArchiveError('network', 'La connexion à l’archive a été refusée.', true);
    }
    if (this.windowSecond[site] !== second) {
      this.windowSecond[site] = second;
      this.windowCount[site] = 0;
    }
    if (this.windowCount[site]! >= this.o.capacityPerSite) {
      this.counters.overloaded[kind][site]![s]!++;
      // Like statusError() on a real 503: retryable, the upload's outcome unknown.
      throw new ArchiveError(
        'server',
        'L’archive est surchargée (HTTP 503).',
        true,
        kind === 'upload',
        503,
        this.o.retryAfterS * 1000,
      );
    }
    this.windowCount[site]!++;
    this.counters.served[kind][site]![s]!++;
    if (bodyMs > 0) await this.sleep(bodyMs);
    const out = serve();
    if ((kind === 'ack' || kind === 'reply') && (out as { state?: string }).state === 'pending')
      this.counters.pendingAnswers[site]![s]!++;
    return out;
  }

  receive(messageIdentifier: string): void {
    if (this.received.has(messageIdentifier)) {
      this.duplicates++;
      return;
    }
    const now = this.clock.now();
    const { min, max } = this.o.processingMs;
    this.received.set(messageIdentifier, { at: now, atrAt: now + min + this.rng() * (max - min) });
  }

  isReceived(messageIdentifier: string): boolean {
    return this.received.has(messageIdentifier);
  }

  ack(messageIdentifier: string): AckResult {
    return this.received.has(messageIdentifier) ? { state: 'received', xml: '<Acknowledgement/>' } : PENDING;
  }

  reply(messageIdentifier: string): ReplyOutcome {
    const r = this.received.get(messageIdentifier);
    if (!r || this.clock.now() < r.atrAt) return PENDING;
    return {
      state: 'accepted',
      replyCode: '000',
      comment: 'Transfert accepté.',
      xml: '<ArchiveTransferReply/>',
      // The ATR's Date: when the archive decided (the engine learns the turnaround from it).
      date: new Date(r.atrAt).toISOString(),
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => this.clock.setTimeout(r, ms));
  }
}

/** The as@lae client's behaviour, minus HTTP: the same answers and errors the engine sees. */
class ModelConnector implements ArchiveConnector {
  readonly kind = 'asalae' as const;

  constructor(
    private readonly m: ArchiveModel,
    private readonly site: number,
    private readonly uplinkBytesPerS: number,
    private readonly rules: () => BandwidthRules,
  ) {}

  check(): Promise<ConnectionCheck> {
    return Promise.resolve({ reachable: true, authenticated: true, message: 'ok' });
  }

  async ping(): Promise<boolean> {
    // AsalaeClient.ping: anything but a 200 (a 503 included) reads as "not answering".
    try {
      return await this.m.call(this.site, 'ping', () => true);
    } catch {
      return false;
    }
  }

  async send(transfer: PreparedTransfer, options: SendOptions = {}): Promise<SendResult> {
    // The body leaves at the desktop's link speed, capped by the office-hours rule (real code).
    const limit = rateAt(new Date(this.m.clock.now()), this.rules());
    const rate = Math.min(this.uplinkBytesPerS, limit ?? Infinity);
    const uploadMs = (transfer.totalBytes / rate) * 1000;
    await this.m.call(this.site, 'upload', () => this.m.receive(transfer.messageIdentifier), uploadMs);
    options.onProgress?.(transfer.totalBytes, transfer.totalBytes);
    return {};
  }

  lookup(ref: TransferRef): Promise<{ received: boolean }> {
    return this.m.call(this.site, 'lookup', () => ({ received: this.m.isReceived(ref.messageIdentifier) }));
  }

  acknowledgement(ref: TransferRef): Promise<AckResult> {
    return this.m.call(this.site, 'ack', () => this.m.ack(ref.messageIdentifier));
  }

  reply(ref: TransferRef): Promise<ReplyOutcome> {
    return this.m.call(this.site, 'reply', () => this.m.reply(ref.messageIdentifier));
  }
}
