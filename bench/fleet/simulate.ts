// 10,000 desktops' Monday morning in virtual time: each runs the REAL SyncEngine (scheduler,
// office-hours rule, backoff with jitter, poll spacing, failover, reachability probes, the
// overload gate) over an in-memory queue, against the archive model. Nothing sleeps and no
// socket opens; the only stand-ins are the store (same answers as SQLite) and the archive.
import { BATCH_MAX_ACTS, BATCH_MAX_BYTES } from '../../main/core/app/deposit-batching';
import type { PreparedTransfer } from '../../main/core/archive/connector';
import { newTransferRecord } from '../../main/core/store/transfers';
import { seededRng, type Rng } from '../../main/core/sync/backoff';
import { DEFAULT_BANDWIDTH_RULES } from '../../main/core/sync/schedule-rules';
import { SyncEngine } from '../../main/core/sync/sync-engine';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../main/core/sync/sync-types';
import { ArchiveModel, type ArchiveModelOptions } from './archive-model';
import { MemorySyncQueue } from './memory-store';
import { VirtualClock } from './virtual-clock';

export interface FleetOptions {
  desktops: number;
  seed: number;
  /** Monday 8:00, local time (the schedule rules read the local clock). */
  startMs: number;
  /** Desktops boot uniformly over this window after startMs. */
  bootWindowMs: number;
  /** Queued documents per desktop, uniform in [min, max]. */
  documents: { min: number; max: number };
  /** Documents per act (one transfer per act, as DepositService.plan groups them). */
  docsPerAct: { min: number; max: number };
  /**
   * The engine merges never-sent act transfers when the first leaves (the app's caps, 50 acts /
   * 100 MiB), as it does for profiles without a one-act SEDA profile; false: one transfer per act.
   */
  batch: boolean;
  /** Package size per document (bytes), uniform. */
  bytesPerDoc: { min: number; max: number };
  /** Desktops' uplinks (bytes/s), uniform. */
  uplink: { min: number; max: number };
  archive: Omit<ArchiveModelOptions, 'originMs' | 'seconds' | 'outage'>;
  /** One site down for a while, minutes after startMs. */
  outage: { site: number; fromMin: number; minutes: number } | null;
  /** Simulated time limit (s after startMs). */
  horizonS: number;
  settings?: Partial<SyncSettings>;
}

export interface DesktopOutcome {
  bootAt: number;
  /** Acts queued at boot (one transfer each until merged). */
  transfers: number;
  /** When the desktop knew its last verdict (null: not all known within the horizon). */
  doneAt: number | null;
}

export interface FleetRun {
  options: FleetOptions;
  model: ArchiveModel;
  desktops: DesktopOutcome[];
  /** Acts queued at boot, one transfer each as planned. */
  transfers: number;
  /** Transfers that reached a verdict (after merging: the versements the archive received). */
  versements: number;
  /** Desktop-side acceptance times (ms epoch), one per accepted act. */
  acceptedAt: number[];
  /** Archive-side verdict times. */
  verdictAt: number[];
  wallSeconds: number;
  timersFired: number;
}

/** Office hours on (8:30–17:30, 512 kbit/s): the default most town halls would pick. */
const FLEET_SETTINGS: SyncSettings = {
  ...DEFAULT_SYNC_SETTINGS,
  bandwidth: {
    ...DEFAULT_BANDWIDTH_RULES,
    officeHours: { enabled: true, days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30', limitKbps: 512 },
  },
};

/** Verdicts from last week each desktop's database holds. */
const HISTORY = 5;

const uniform = (rng: Rng, r: { min: number; max: number }) => r.min + rng() * (r.max - r.min);
const uniformInt = (rng: Rng, r: { min: number; max: number }) => r.min + Math.floor(rng() * (r.max - r.min + 1));

export async function simulateFleet(o: FleetOptions): Promise<FleetRun> {
  const wall = performance.now();
  const clock = new VirtualClock(o.startMs);
  const rng = seededRng(o.seed);
  const model = new ArchiveModel(
    {
      ...o.archive,
      outage: o.outage
        ? {
            site: o.outage.site,
            from: o.startMs + o.outage.fromMin * 60_000,
            to: o.startMs + (o.outage.fromMin + o.outage.minutes) * 60_000,
          }
        : null,
      originMs: o.startMs,
      seconds: o.horizonS,
    },
    clock,
    seededRng(o.seed ^ 0x5eed),
  );
  const settings: SyncSettings = { ...FLEET_SETTINGS, ...o.settings };
  const acceptedAt: number[] = [];
  /** MessageIdentifiers accepted (one per versement). */
  const accepted: string[] = [];
  const desktops: DesktopOutcome[] = [];
  let remaining = 0;
  let total = 0;
  const createdAt = new Date(o.startMs - 3 * 86_400_000).toISOString(); // queued on Friday

  for (let i = 0; i < o.desktops; i++) {
    const docs = uniformInt(rng, o.documents);
    const sizes: number[] = [];
    for (let left = docs; left > 0;) {
      const n = Math.min(left, uniformInt(rng, o.docsPerAct));
      let bytes = 0;
      for (let k = 0; k < n; k++) bytes += uniform(rng, o.bytesPerDoc);
      sizes.push(Math.round(bytes));
      left -= n;
    }
    const outcome: DesktopOutcome = {
      bootAt: o.startMs + Math.floor(rng() * o.bootWindowMs),
      transfers: sizes.length,
      doneAt: null,
    };
    desktops.push(outcome);
    if (sizes.length === 0) {
      outcome.doneAt = outcome.bootAt;
      continue;
    }
    let left = sizes.length;
    remaining += left;
    total += left;
    let merges = 0;
    const store: MemorySyncQueue = new MemorySyncQueue((id, patch) => {
      if (patch.state !== 'accepted') return;
      const acts = store.actsOf(id);
      for (let k = 0; k < acts; k++) acceptedAt.push(clock.now());
      accepted.push(store.get(id)!.messageIdentifier);
      remaining -= acts;
      left -= acts;
      if (left === 0) outcome.doneAt = clock.now();
    });
    // Last week's verdicts, as the desktop's database holds them (how long the archive takes).
    for (let k = 0; k < HISTORY; k++) {
      const sent = o.startMs - 3 * 86_400_000 - (k + 1) * 3_600_000;
      const replied = sent + uniform(rng, o.archive.processingMs);
      const at = new Date(sent).toISOString();
      store.add(
        newTransferRecord(
          {
            id: `d${i}-h${k}`,
            profileId: `p${i}`,
            messageIdentifier: `d${i}-h${k}`,
            state: 'accepted',
            sentAt: at,
            repliedAt: new Date(replied).toISOString(),
          },
          at,
        ),
      );
    }
    sizes.forEach((totalBytes, k) => {
      const id = `d${i}-t${k}`;
      store.add(newTransferRecord({ id, profileId: `p${i}`, messageIdentifier: id, totalBytes }, createdAt));
    });
    // The package of any transfer, merged ones included: what the store holds for it.
    const prepare = (id: string): Promise<PreparedTransfer> => {
      const t = store.get(id)!;
      return Promise.resolve({
        messageIdentifier: t.messageIdentifier,
        transferringAgency: `ta-${i}`,
        sedaVersion: '2.1',
        bordereauPath: '',
        totalBytes: t.totalBytes,
      });
    };
    const uplink = uniform(rng, o.uplink);
    const rules = () => settings.bandwidth;
    const connectors = [0, 1].slice(0, o.archive.sites).map((site) => model.connector(site, uplink, rules));
    const engine = new SyncEngine({
      store,
      bus: { emit: () => {} },
      connectorFor: (_p, index) => connectors[index] ?? null,
      endpointsCount: () => connectors.length,
      prepare,
      ...(o.batch
        ? {
            batch: {
              maxActs: BATCH_MAX_ACTS,
              maxBytes: BATCH_MAX_BYTES,
              allowed: () => true,
              messageIdentifier: () => `d${i}-m${merges++}`,
            },
          }
        : {}),
      settings: () => settings,
      clock,
      rng: seededRng(o.seed * 7919 + i),
      // The tick re-reads the rate rules and the metered flag (each second in the app). Here the
      // model applies the office-hours rule itself and nothing is metered: a slow tick only saves work.
      tickMs: 600_000,
    });
    clock.setTimeout(() => engine.start(), outcome.bootAt - o.startMs);
  }

  await clock.run(o.startMs + o.horizonS * 1000, () => remaining === 0);
  const verdictAt: number[] = [];
  for (const id of accepted) {
    const v = model.verdictAt(id);
    if (v !== null) verdictAt.push(v);
  }
  return {
    options: o,
    model,
    desktops,
    transfers: total,
    versements: accepted.length,
    acceptedAt,
    verdictAt,
    wallSeconds: (performance.now() - wall) / 1000,
    timersFired: clock.fired,
  };
}
