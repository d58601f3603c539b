// Settings, hooks and status shapes of the sync engine.
import type { CoreEvent } from '../events';
import type { TransferState } from '../store/transfers';
import type { BackoffOptions } from './backoff';
import { DEFAULT_BANDWIDTH_RULES, type BandwidthRules } from './schedule-rules';

export interface TrackingSettings {
  /** First ACK/ATR poll after sending; polls then space out with the transfer's age. */
  initialMs: number;
  maxMs: number;
  /** Vitam asks clients not to poll more than about once a minute. */
  vitamMinMs: number;
  /** After this long without a reply, tell the user (polling goes on). */
  warnAfterMs: number;
}

export interface SyncSettings {
  bandwidth: BandwidthRules;
  /** The host's view of the OS connection (metered = mobile hotspot, 4G box…). */
  metered: boolean;
  /** Uploads in flight at once (1 or 2 on a rural link). */
  maxConcurrentUploads: number;
  /** ACK/ATR polls in flight at once (tiny requests). */
  maxConcurrentPolls: number;
  retry: BackoffOptions;
  tracking: TrackingSettings;
  /** Reachability probe interval while an archive is unreachable. */
  probeIntervalMs: number;
  /** Grouping delay of « 8 documents versés » notifications. */
  notifyDelayMs: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  bandwidth: DEFAULT_BANDWIDTH_RULES,
  metered: false,
  maxConcurrentUploads: 2,
  maxConcurrentPolls: 4,
  retry: { baseMs: 5_000, maxMs: 30 * 60_000, minMs: 1_000 },
  tracking: { initialMs: 10_000, maxMs: 15 * 60_000, vitamMinMs: 60_000, warnAfterMs: 3 * 86_400_000 },
  probeIntervalMs: 30_000,
  notifyDelayMs: 3_000,
};

export interface TransferStateInfo {
  profileId: string;
  /** French, for failed / rejected / interrupted. */
  reason?: string;
  attempts: number;
  nextAttemptAt: string | null;
  replyCode?: string;
  archiveReference?: string;
}

/**
 * Called inside the SQLite transaction that changes the transfer's state, so documents and
 * transfer never disagree; returned events are emitted after commit.
 */
export type TransferStateHook = (
  transferId: string,
  state: TransferState,
  info: TransferStateInfo,
) => CoreEvent[] | void;

export type PauseReason = 'user' | 'offline' | 'metered' | 'policy';

export interface ActiveTransferStatus {
  transferId: string;
  profileId: string;
  sentBytes: number;
  totalBytes: number;
  /** bytes/s, smoothed */
  rate: number;
}

export interface SyncStatus {
  paused: boolean;
  reason: PauseReason | null;
  /** Every profile with work is reachable (unknown counts as reachable until probed). */
  online: boolean;
  /** Transfers not finished: queued, sending, retrying, sent or acknowledged awaiting a reply. */
  pendingCount: number;
  /** Transfers waiting for the user (failed without automatic retry). */
  blockedCount: number;
  active: ActiveTransferStatus[];
  /** Profiles suspended (e.g. the archive refused the credentials), with the French message. */
  pausedProfiles: Array<{ profileId: string; message: string }>;
  unreachableProfiles: string[];
  /** Upload limit in force, bytes/s (null = unlimited). */
  rateLimit: number | null;
}
