// Figures of one fleet run: load on the archive per second (all calls, polls, 503s, per
// site), how long until every desktop knew every verdict, the slowest desktop, and whether
// the load piles up at minute boundaries (desktops in lockstep) or stays spread.
import { CALL_KINDS, type CallKind } from './archive-model';
import type { FleetRun } from './simulate';

export interface FleetFigures {
  desktops: number;
  /** Acts queued at boot (one transfer each as planned). */
  transfers: number;
  /** Transfers the archive received and answered (fewer than acts when merged). */
  versements: number;
  /** Acts known accepted on their desktops. */
  accepted: number;
  /** Desktops whose verdicts were not all known within the simulated horizon. */
  starved: number;
  /** Minutes after 8:00 until every transfer was known accepted on its desktop. */
  allAcceptedMin: number | null;
  allAcceptedClock: string;
  /** Slowest desktop: minutes from its boot to its last verdict, and its transfer count. */
  slowestMin: number;
  slowestTransfers: number;
  /** Per second over the active period (8:00 → last verdict). */
  requestsPeak: number;
  requestsP99: number;
  pollsPeak: number;
  pollsP99: number;
  /** ACK/ATR polls answered "not yet" (the avoidable part). */
  pendingPollsPeak: number;
  pollShare: number;
  /** ACK/ATR polls per transfer received (as@lae: 2 at least). */
  pollsPerTransfer: number;
  overloadedShare: number;
  /** Mean load in the first second of each minute over the mean load (1 = no lockstep). */
  minuteBoundaryRatio: number;
  /** The same for the busiest second-of-the-minute (noise alone gives a little above 1). */
  worstPhaseRatio: number;
  /** Per site: most calls served in a second, and most offered (served + turned away + refused). */
  sites: Array<{ servedPeak: number; offeredPeak: number; overloaded: number; refused: number }>;
  /** Per minute (for the chart): [uploads, polls, other served, turned away or refused] per second, averaged. */
  perMinute: Array<{ minute: number; uploads: number; polls: number; other: number; rejected: number; site1: number }>;
  wallSeconds: number;
  timersFired: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function fleetFigures(run: FleetRun): FleetFigures {
  const { options: o, model } = run;
  const c = model.counters;
  const sites = c.refused.length;
  const lastAccepted = run.acceptedAt.length > 0 ? Math.max(...run.acceptedAt) : o.startMs;
  const active = Math.max(1, Math.min(o.horizonS, Math.ceil((lastAccepted - o.startMs) / 1000)));
  const total: number[] = [];
  const polls: number[] = [];
  const pending: number[] = [];
  let sumAll = 0;
  let sumPolls = 0;
  let sumOver = 0;
  const at = (arr: Record<CallKind, Uint32Array[]>, k: CallKind, site: number, s: number) => arr[k][site]![s]!;
  const siteFig = Array.from({ length: sites }, () => ({ servedPeak: 0, offeredPeak: 0, overloaded: 0, refused: 0 }));
  for (let s = 0; s < active; s++) {
    let t = 0;
    let p = 0;
    let pa = 0;
    for (let site = 0; site < sites; site++) {
      let served = 0;
      let over = 0;
      for (const k of CALL_KINDS) {
        served += at(c.served, k, site, s);
        over += at(c.overloaded, k, site, s);
      }
      const refused = c.refused[site]![s]!;
      p += at(c.served, 'ack', site, s) + at(c.served, 'reply', site, s);
      p += at(c.overloaded, 'ack', site, s) + at(c.overloaded, 'reply', site, s);
      pa += c.pendingAnswers[site]![s]!;
      t += served + over + refused;
      sumOver += over;
      const f = siteFig[site]!;
      f.servedPeak = Math.max(f.servedPeak, served);
      f.offeredPeak = Math.max(f.offeredPeak, served + over + refused);
      f.overloaded += over;
      f.refused += refused;
    }
    total.push(t);
    polls.push(p);
    pending.push(pa);
    sumAll += t;
    sumPolls += p;
  }
  const sortedTotal = [...total].sort((a, b) => a - b);
  const sortedPolls = [...polls].sort((a, b) => a - b);
  // Lockstep check: the first second of each minute against the average second.
  const phase = new Array<number>(60).fill(0);
  const phaseN = new Array<number>(60).fill(0);
  for (let s = 0; s < active; s++) {
    phase[s % 60]! += total[s]!;
    phaseN[s % 60]!++;
  }
  const mean = sumAll / active;
  const phaseMean = phase.map((v, i) => (phaseN[i]! > 0 ? v / phaseN[i]! : 0));
  const perMinute: FleetFigures['perMinute'] = [];
  for (let m = 0; m * 60 < active; m++) {
    const row = { minute: m, uploads: 0, polls: 0, other: 0, rejected: 0, site1: 0 };
    const end = Math.min(active, (m + 1) * 60);
    for (let s = m * 60; s < end; s++) {
      for (let site = 0; site < sites; site++) {
        row.uploads += at(c.served, 'upload', site, s);
        row.polls += at(c.served, 'ack', site, s) + at(c.served, 'reply', site, s);
        row.other += at(c.served, 'lookup', site, s) + at(c.served, 'ping', site, s);
        for (const k of CALL_KINDS) row.rejected += at(c.overloaded, k, site, s);
        row.rejected += c.refused[site]![s]!;
        if (site === 1) for (const k of CALL_KINDS) row.site1 += at(c.served, k, site, s);
      }
    }
    const n = end - m * 60;
    for (const k of ['uploads', 'polls', 'other', 'rejected', 'site1'] as const) row[k] = row[k] / n;
    perMinute.push(row);
  }
  let slowestMin = 0;
  let slowestTransfers = 0;
  let starved = 0;
  for (const d of run.desktops) {
    if (d.doneAt === null) {
      starved++;
      continue;
    }
    const m = (d.doneAt - d.bootAt) / 60_000;
    if (m > slowestMin) {
      slowestMin = m;
      slowestTransfers = d.transfers;
    }
  }
  const allDone = run.acceptedAt.length === run.transfers;
  const clock = new Date(lastAccepted);
  return {
    desktops: run.desktops.length,
    transfers: run.transfers,
    versements: run.versements,
    accepted: run.acceptedAt.length,
    starved,
    allAcceptedMin: allDone ? (lastAccepted - o.startMs) / 60_000 : null,
    allAcceptedClock: allDone
      ? `${String(clock.getHours()).padStart(2, '0')}:${String(clock.getMinutes()).padStart(2, '0')}`
      : 'not within the horizon',
    slowestMin,
    slowestTransfers,
    requestsPeak: sortedTotal.at(-1) ?? 0,
    requestsP99: quantile(sortedTotal, 0.99),
    pollsPeak: sortedPolls.at(-1) ?? 0,
    pollsP99: quantile(sortedPolls, 0.99),
    pendingPollsPeak: Math.max(0, ...pending),
    pollShare: sumAll > 0 ? sumPolls / sumAll : 0,
    pollsPerTransfer: run.versements > 0 ? sumPolls / run.versements : 0,
    overloadedShare: sumAll > 0 ? sumOver / sumAll : 0,
    minuteBoundaryRatio: mean > 0 ? phaseMean[0]! / mean : 1,
    worstPhaseRatio: mean > 0 ? Math.max(...phaseMean) / mean : 1,
    sites: siteFig,
    perMinute,
    wallSeconds: run.wallSeconds,
    timersFired: run.timersFired,
  };
}
