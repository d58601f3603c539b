// Fleet benchmark: 10,000 desktops booting between 8:00 and 9:00 on a Monday with 0–50
// queued documents each, in virtual time against the archive model — once with both sites
// up, once with the first site down 8:30–8:40. Rows for `npm run bench`, and the chart
// docs/fleet-morning.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BenchResult } from '../report';
import { fleetChartSvg } from './chart';
import type { FleetFigures } from './metrics';
import type { FleetOptions } from './simulate';

const POLL_TARGET = 20;
const WALL_TARGET_S = 120;
const CAPACITY = 120;
const DEFAULT_DESKTOPS = 10_000;
const DEFAULT_SEED = 20261207;

export function fleetOptions(desktops: number, outage: boolean, seed = DEFAULT_SEED, batch = true): FleetOptions {
  return {
    desktops,
    seed,
    startMs: new Date(2026, 11, 7, 8, 0, 0).getTime(), // a Monday, local time
    bootWindowMs: 3_600_000,
    documents: { min: 0, max: 50 },
    // An act with its signature and annexes: 1–4 files, one transfer per act as planned…
    docsPerAct: { min: 1, max: 4 },
    // …merged when the first leaves (never-sent ones only, ≤ 50 acts / 100 MiB).
    batch,
    bytesPerDoc: { min: 50_000, max: 500_000 },
    // 1–20 Mbit/s uplinks; office hours (8:30–17:30) cap uploads at 512 kbit/s.
    uplink: { min: 125_000, max: 2_500_000 },
    archive: {
      sites: 2,
      capacityPerSite: CAPACITY,
      retryAfterS: 30,
      latencyMs: { min: 40, max: 250 },
      processingMs: { min: 20_000, max: 180_000 },
    },
    outage: outage ? { site: 0, fromMin: 30, minutes: 10 } : null,
    horizonS: 5 * 3600,
  };
}

/** Runs one scenario in a worker thread (same flags, so the TypeScript hooks apply there too). */
function inWorker(options: FleetOptions): Promise<FleetFigures> {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(new URL('./scenario-worker.ts', import.meta.url)), { workerData: options });
    w.once('message', (f: FleetFigures) => {
      resolve(f);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => (code !== 0 ? reject(new Error(`fleet worker exited with ${code}`)) : undefined));
  });
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function rows(label: string, f: FleetFigures, outage: boolean): BenchResult[] {
  const out: BenchResult[] = [
    {
      name: `fleet ${label}: every act accepted (${f.transfers.toLocaleString('en-US')} acts in ${f.versements.toLocaleString('en-US')} transfers, ${f.desktops.toLocaleString('en-US')} desktops)`,
      value: round(f.allAcceptedMin ?? Number.NaN),
      unit: `min after 8:00 (${f.allAcceptedClock}); slowest desktop ${round(f.slowestMin)} min from boot (${f.slowestTransfers} acts), ${f.starved} starved`,
      target: 'before 10:00 (≤ 120 min), 0 starved',
      pass: f.allAcceptedMin !== null && f.allAcceptedMin <= 120 && f.starved === 0,
    },
    {
      name: `fleet ${label}: polling (ACK/ATR) at the archive, peak`,
      value: f.pollsPeak,
      unit: `req/s (p99 ${f.pollsP99}; ${round(f.pollsPerTransfer, 2)} polls per transfer, 2 at least on as@lae; "not yet" answers peak ${f.pendingPollsPeak}/s)`,
      target: `≤ ${POLL_TARGET} req/s`,
      pass: f.pollsPeak <= POLL_TARGET,
    },
    {
      name: `fleet ${label}: all requests at the archive, peak`,
      value: f.requestsPeak,
      unit: `req/s (p99 ${f.requestsP99}; polls ${round(f.pollShare * 100)} %, turned away ${round(f.overloadedShare * 100)} %)`,
      target: '—',
      pass: true,
    },
    {
      name: `fleet ${label}: load at minute boundaries (second :00 vs mean)`,
      value: round(f.minuteBoundaryRatio, 2),
      unit: `× (busiest second of the minute ${round(f.worstPhaseRatio, 2)}×)`,
      target: '≤ 1.2×',
      pass: f.minuteBoundaryRatio <= 1.2,
    },
  ];
  const other = f.sites[1];
  if (outage && other) {
    out.push({
      name: `fleet ${label}: the other site, calls served per second, peak`,
      value: other.servedPeak,
      unit: `req/s (offered peak ${other.offeredPeak}/s, ${other.overloaded.toLocaleString('en-US')} turned away with 503 + Retry-After)`,
      target: `≤ capacity (${CAPACITY} req/s)`,
      pass: other.servedPeak <= CAPACITY,
    });
  }
  return out;
}

export async function runFleetBenchmarks(
  desktops = Number(process.env.FLEET_DESKTOPS ?? DEFAULT_DESKTOPS),
  seed = Number(process.env.FLEET_SEED ?? DEFAULT_SEED),
  // FLEET_BATCH=0: one transfer per act (the client before batching), for comparison.
  batch = process.env.FLEET_BATCH !== '0',
): Promise<{
  results: BenchResult[];
  figures: { normal: FleetFigures; outage: FleetFigures };
}> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const [normal, down] = await Promise.all([
    inWorker(fleetOptions(desktops, false, seed, batch)),
    inWorker(fleetOptions(desktops, true, seed, batch)),
  ]);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const svg = fleetChartSvg(
    [
      { title: `${desktops.toLocaleString('fr-FR')} postes, lundi 8 h – les deux sites en service`, figures: normal },
      {
        title: `${desktops.toLocaleString('fr-FR')} postes, lundi 8 h – site 1 arrêté de 8 h 30 à 8 h 40`,
        figures: down,
        outage: { from: 30, to: 40 },
      },
    ],
    CAPACITY,
    POLL_TARGET,
  );
  // The documented chart is the default fleet's; other sizes or seeds go next to the results.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const chart =
    desktops === DEFAULT_DESKTOPS && seed === DEFAULT_SEED && batch
      ? path.join(here, '..', '..', 'docs', 'fleet-morning.svg')
      : path.join(here, '..', 'results', `fleet-${desktops}-${seed}${batch ? '' : '-unbatched'}.svg`);
  mkdirSync(path.dirname(chart), { recursive: true });
  writeFileSync(chart, svg + '\n');
  const results = [
    ...rows('(both sites)', normal, false),
    ...rows('(site 1 down 8:30–8:40)', down, true),
    {
      name: `fleet: simulation of both mornings (${desktops.toLocaleString('en-US')} desktops each, virtual time)`,
      value: round(wall),
      unit: `s wall (CPU ${round((cpu.user + cpu.system) / 1e6)} s; ${(normal.timersFired + down.timersFired).toLocaleString('en-US')} timers)`,
      target: `< ${WALL_TARGET_S} s`,
      pass: wall < WALL_TARGET_S,
    },
  ];
  return { results, figures: { normal, outage: down } };
}

// `node --experimental-transform-types --import ./bench/capture/ts-hooks.ts bench/fleet/fleet.bench.ts [desktops] [seed]`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { results, figures } = await runFleetBenchmarks(
    Number(process.argv[2] ?? DEFAULT_DESKTOPS),
    Number(process.argv[3] ?? DEFAULT_SEED),
  );
  for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
  const brief = (f: FleetFigures) => ({ ...f, perMinute: undefined });
  process.stderr.write(
    JSON.stringify({ normal: brief(figures.normal), outage: brief(figures.outage) }, null, 1) + '\n',
  );
}
