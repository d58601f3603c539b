// Shapes shared by the intake modules (service, intake walk, watching, retries).
import type { DigestAlgorithm } from '../../contract/types';
import type { UserRule } from '../acts';
import type { LatestSeal } from '../store/capture-records';
import type { DocumentOrigin } from '../store/documents';
import type { QuickStat } from './quick-stable';

export interface CaptureSettings {
  /** Size + mtime unchanged this long ⇒ stable (default 2000 ms). Watched folders only. */
  stabilityDelayMs?: number;
  /** Streaming seals (files over 1 MiB) in flight (default 4); smaller files go through the seal pool. */
  concurrency?: number;
  algorithm?: DigestAlgorithm;
  /** Listing interval for network shares (default 10 s). */
  pollIntervalMs?: number;
  /** Safety reconciliation for natively watched folders (default 10 min). */
  reconcileIntervalMs?: number;
  /** Files at least this large are sealed in a worker thread. */
  workerThreshold?: number;
  /** Poll every folder, whatever its file system. */
  forcePolling?: boolean;
  /** A locked file is looked at again after this delay (default 30 s). */
  lockedRetryMs?: number;
  /**
   * After a transient failure (disk full, I/O error, too many open files) a file is retried
   * after this delay, doubled at each new failure up to 10 min (default 30 s).
   */
  transientRetryMs?: number;
  /** Give up waiting for a file that never settles (default 10 min). */
  maxStabilityWaitMs?: number;
  /** A folder whose native subscription failed is tried natively again after this delay (default 5 min). */
  nativeRetryMs?: number;
  /** Files of a drop listed and planned together (default 1024; tests make it small to cross chunks). */
  intakeChunk?: number;
  /** Files of a drop in flight at once, sealing or waiting for their record (default 1024: two seal-pool batches). */
  intakeWindow?: number;
}

export type ResolvedCaptureSettings = Required<Omit<CaptureSettings, 'workerThreshold'>> & {
  workerThreshold?: number;
};

export function resolveSettings(st: CaptureSettings): ResolvedCaptureSettings {
  return {
    stabilityDelayMs: st.stabilityDelayMs ?? 2000,
    concurrency: st.concurrency ?? 4,
    algorithm: st.algorithm ?? 'sha256',
    pollIntervalMs: st.pollIntervalMs ?? 10_000,
    reconcileIntervalMs: st.reconcileIntervalMs ?? 10 * 60_000,
    forcePolling: st.forcePolling ?? false,
    lockedRetryMs: st.lockedRetryMs ?? 30_000,
    transientRetryMs: st.transientRetryMs ?? 30_000,
    maxStabilityWaitMs: st.maxStabilityWaitMs ?? 10 * 60_000,
    nativeRetryMs: st.nativeRetryMs ?? 5 * 60_000,
    intakeChunk: Math.max(1, st.intakeChunk ?? 1024),
    intakeWindow: Math.max(1, st.intakeWindow ?? 1024),
    ...(st.workerThreshold !== undefined ? { workerThreshold: st.workerThreshold } : {}),
  };
}

export type CandidateResult =
  | { path: string; kind: 'created' | 'moved' | 'unchanged'; documentId: string; state: string }
  | { path: string; kind: 'ignored' | 'vanished' | 'cancelled' }
  | { path: string; kind: 'ignored'; message: string }
  | { path: string; kind: 'locked' | 'error'; message: string };

export interface IntakeReport {
  /** Each file's outcome in the order met, for the first files of a drop (intake-report.ts). */
  results: CandidateResult[];
  created: number;
  errors: Array<{ path: string; message: string }>;
  /** Every document of the drop (created, moved or already known), each once, in the order met. */
  documentIds: string[];
  /** Outcomes per kind, every file counted. */
  counts: Partial<Record<CandidateResult['kind'], number>>;
  /** Outcomes and errors beyond the listed ones (a very large drop): counted only. */
  unlisted: number;
}

export interface Candidate {
  profileId: string;
  folderId: string | null;
  path: string;
  relativePath: string;
  origin: DocumentOrigin;
  /** A symlink the user dropped explicitly (top level only): followed. Never for watched files. */
  followLink?: boolean;
}

export function candidateKey(c: Pick<Candidate, 'profileId' | 'path'>): string {
  return `${c.profileId}\u0000${c.path}`;
}

/** A file in the pipeline; `again`: a new event came during processing (one more pass after). */
export type Pending = { promise: Promise<CandidateResult>; again: boolean; folderId: string | null };

/**
 * A file found complete by the batch plan; `latest` given when looked up in bulk (null:
 * none); `few`: one of a handful of files; `rules`: the profile's naming rules, read once.
 */
export type KnownStable = QuickStat & { latest?: LatestSeal | null; few?: boolean; rules?: UserRule[] };
