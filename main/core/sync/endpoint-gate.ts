// One gate per archive endpoint for the whole desktop: when the archive says it is
// overloaded (503 or 429, with or without Retry-After), every transfer of this desktop holds
// back — uploads, lookups and ACK/ATR polls alike — not just the one that got the answer.
// Without Retry-After the wait grows with consecutive overloads (full jitter); with it, the
// archive's figure is honoured plus a little jitter, so desktops told "60 s" at the same
// moment do not all come back on the same second.
import type { ArchiveError } from '../archive/connector';
import { backoffDelay, type BackoffOptions, type Rng } from './backoff';
import type { Clock } from './clock';

/** Longest Retry-After honoured: a misconfigured server must not park a desktop for days. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Jitter added to a Retry-After: up to this share of it, at least a second's worth. */
const RETRY_AFTER_JITTER = 0.2;

export interface EndpointGateDeps {
  clock: Pick<Clock, 'now'>;
  rng: Rng;
  retry(): BackoffOptions;
}

interface GateState {
  until: number;
  streak: number;
}

/** An answer that means "too many requests, come back later" (not a failure of the transfer). */
export function isOverload(e: ArchiveError): boolean {
  return e.httpStatus === 503 || e.httpStatus === 429 || (e.retryAfterMs !== undefined && e.code === 'server');
}

export class EndpointGate {
  private readonly gates = new Map<string, GateState>();

  constructor(private readonly d: EndpointGateDeps) {}

  /** ms before this endpoint may be called again; 0 when open. */
  waitMs(profileId: string, endpointIndex: number): number {
    const g = this.gates.get(key(profileId, endpointIndex));
    return g ? Math.max(0, g.until - this.d.clock.now()) : 0;
  }

  /** Earliest reopening among closed gates (for the scheduler's wake-up timer), or null. */
  nextOpening(): number | null {
    const now = this.d.clock.now();
    let best: number | null = null;
    for (const g of this.gates.values()) if (g.until > now && (best === null || g.until < best)) best = g.until;
    return best;
  }

  /** The endpoint answered "overloaded": closes it; returns the reopening time (ms epoch). */
  overloaded(profileId: string, endpointIndex: number, retryAfterMs?: number): number {
    const k = key(profileId, endpointIndex);
    const g = this.gates.get(k) ?? { until: 0, streak: 0 };
    g.streak++;
    // Retry-After is a minimum (RFC 9110): after several overloads in a row this desktop
    // waits longer still, so a saturated archive is not knocked on again by everyone at once.
    const asked = retryAfterMs === undefined ? 0 : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, retryAfterMs));
    // A Retry-After of 0 or a date already past (the server's clock behind ours) must not
    // turn repeated overloads into a knock every half second: never below the backoff.
    const retry = this.d.retry();
    const floor = g.streak > 1 ? backoffDelay(g.streak, retry, this.d.rng) : (retry.minMs ?? 0);
    const wait =
      retryAfterMs !== undefined
        ? Math.max(
            floor,
            Math.min(MAX_RETRY_AFTER_MS, asked * Math.min(4, 1 + 0.5 * (g.streak - 1))) +
              this.d.rng() * Math.max(1_000, asked * RETRY_AFTER_JITTER),
          )
        : backoffDelay(g.streak, retry, this.d.rng);
    // Several calls in flight may each get a 503: the latest reopening wins, never an earlier one.
    g.until = Math.max(g.until, this.d.clock.now() + Math.round(wait));
    this.gates.set(k, g);
    return g.until;
  }

  /** The wall clock was set back by -deltaMs: the archive's "come back in N s" keeps its length. */
  shift(deltaMs: number): void {
    for (const g of this.gates.values()) g.until += deltaMs;
  }

  /** A call went through: the next overload starts from a short wait again. */
  passed(profileId: string, endpointIndex: number): void {
    const g = this.gates.get(key(profileId, endpointIndex));
    if (g && g.until <= this.d.clock.now()) this.gates.delete(key(profileId, endpointIndex));
  }
}

function key(profileId: string, endpointIndex: number): string {
  return `${profileId}#${endpointIndex}`;
}
