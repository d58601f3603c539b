// When to ask the archive again for a transfer's ACK/ATR. Thousands of desktops poll the
// same archive, so: the first poll waits about as long as this archive usually takes to
// answer (learnt from the dates on its replies), later ones space out with the transfer's
// age (half of it, capped), every delay carries jitter, and a pending answer for the oldest
// transfer of a profile also pushes back the younger ones (an archive works through its
// queue in order: if the oldest has no reply yet, the younger ones have none either).
import type { Rng } from './backoff';
import type { TrackingSettings } from './sync-types';

export const TURNAROUND_SAMPLES = 16;
const QUANTILE = 0.8;

/** Recent reply times (ms from sending to the archive's verdict) per profile. */
export class TurnaroundEstimate {
  private readonly samples = new Map<string, number[]>();

  /** `replyDate`: the Date on the archive's reply; ignored when absent or not plausible. */
  record(profileId: string, sentAtMs: number, replyDate: string | undefined, nowMs: number): void {
    const at = replyDate ? Date.parse(replyDate) : NaN;
    // A skewed archive clock must not teach nonsense: only dates between sending and now.
    if (!Number.isFinite(at) || at < sentAtMs || at > nowMs) return;
    const list = this.samples.get(profileId) ?? [];
    this.samples.set(profileId, list);
    list.push(at - sentAtMs);
    if (list.length > TURNAROUND_SAMPLES) list.shift();
  }

  /** Loads a profile's past replies once (sending time, reply date), oldest first. */
  ensure(profileId: string, past: () => Array<{ sentAt: string; repliedAt: string }>, nowMs: number): void {
    if (this.samples.has(profileId)) return;
    this.samples.set(profileId, []);
    for (const r of past()) this.record(profileId, Date.parse(r.sentAt), r.repliedAt, nowMs);
  }

  /** A high quantile of recent turnarounds (ms), or null before the first reply. */
  estimate(profileId: string): number | null {
    const list = this.samples.get(profileId);
    if (!list || list.length === 0) return null;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * QUANTILE))]!;
  }
}

/** ±`spread` around 1 (e.g. 0.2 → 0.8…1.2). */
function jitter(rng: Rng, spread: number): number {
  return 1 - spread + 2 * spread * rng();
}

/** First ACK/ATR poll after sending (ms). */
export function firstPollDelay(s: TrackingSettings, turnaroundMs: number | null, rng: Rng): number {
  return Math.round(Math.min(s.maxMs, Math.max(s.initialMs, turnaroundMs ?? 0)) * jitter(rng, 0.1));
}

/**
 * First poll of an as@lae transfer: its Acknowledgement, written on reception, is asked soon
 * after sending (the user sees « reçu par l’archive »); the reply is asked later, at
 * firstPollDelay from sending. Apart, the two calls of a transfer do not reach the archive
 * in the same instant.
 */
export function ackPollDelay(s: TrackingSettings, turnaroundMs: number | null, rng: Rng): number {
  return Math.round(Math.min(s.initialMs, turnaroundMs ?? s.initialMs) * jitter(rng, 0.2));
}

/** Next poll of a transfer still without a verdict, `ageMs` after it was sent. */
export function nextPollDelay(s: TrackingSettings, ageMs: number, vitam: boolean, rng: Rng): number {
  let delay = Math.min(s.maxMs, Math.max(s.initialMs, ageMs / 2)) * jitter(rng, 0.2);
  if (vitam) delay = Math.max(delay, s.vitamMinMs);
  return Math.round(delay);
}
