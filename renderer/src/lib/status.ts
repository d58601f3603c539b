// ONE status model for the header, the dashboard and the queue: the archive's reachability
// as the engine last saw it (connectivity events, with the time of the last success and of
// the last failure), the sync state (paused, offline) and the documents waiting. One
// vocabulary: « Archive joignable », « Archive injoignable », « Archive pas encore
// contactée », « Envois en pause ».
import type { SyncStatusView } from '../../../main/contract/api';
import { foldArchiveStatus, type StatusKind } from '../../../main/contract/status';
import { t } from '../i18n/fr';

export interface Reachability {
  reachable: boolean;
  message: string;
  at: string;
  /** Time of the last success / failure seen this session (either may be older than `at`). */
  lastOkAt?: string;
  lastFailAt?: string;
  lastFailMessage?: string;
}

export type { StatusKind } from '../../../main/contract/status';

export interface ArchiveStatus {
  kind: StatusKind;
  tone: 'success' | 'warning' | 'neutral';
  /** The short state, the same words everywhere (the tray's too). */
  label: string;
  /** Documents not yet gone to the archive (waiting offline, paused, or queued). */
  waiting: number;
}

const TONE: Record<StatusKind, ArchiveStatus['tone']> = {
  reachable: 'success',
  unreachable: 'warning',
  paused: 'warning',
  unknown: 'neutral',
};

/** Folds what the engine said into the one status all screens show (main/contract/status.ts). */
export function archiveStatus(
  reach: Reachability | undefined,
  sync: Pick<SyncStatusView, 'online' | 'paused' | 'reason' | 'pendingCount'> | null,
): ArchiveStatus {
  const { kind, waiting } = foldArchiveStatus(reach, sync);
  return { kind, tone: TONE[kind], label: t(`status.${kind}`), waiting };
}

/** Keeps the last success and failure apart when a new connectivity word arrives. */
export function mergeReachability(before: Reachability | undefined, next: Reachability): Reachability {
  const out: Reachability = { ...before, ...next };
  if (next.reachable) out.lastOkAt = next.at;
  else {
    out.lastFailAt = next.at;
    out.lastFailMessage = next.message;
  }
  return out;
}
