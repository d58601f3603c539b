// ONE status model for the header, the dashboard and the queue: the archive's reachability
// as the engine last saw it (connectivity events, with the time of the last success and of
// the last failure), the sync state (paused, offline) and the documents waiting. One
// vocabulary: « Archive joignable », « Archive injoignable », « Archive pas encore
// contactée », « Envois en pause ».
import type { SyncStatusView } from '../../../main/contract/api';
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

export type StatusKind = 'reachable' | 'unreachable' | 'unknown' | 'paused';

export interface ArchiveStatus {
  kind: StatusKind;
  tone: 'success' | 'warning' | 'neutral';
  /** The short state, the same words everywhere. */
  label: string;
  /** Documents not yet gone to the archive (waiting offline, paused, or queued). */
  waiting: number;
}

/** Folds what the engine said into the one status all screens show. */
export function archiveStatus(
  reach: Reachability | undefined,
  sync: Pick<SyncStatusView, 'online' | 'paused' | 'reason' | 'pendingCount'> | null,
): ArchiveStatus {
  const waiting = sync?.pendingCount ?? 0;
  // The latest word wins: a connectivity event for this commune, else the engine's global flag.
  const unreachable = reach ? !reach.reachable : sync?.online === false || sync?.reason === 'offline';
  if (unreachable) return { kind: 'unreachable', tone: 'warning', label: t('status.unreachable'), waiting };
  if (sync?.paused && sync.reason !== 'offline')
    return { kind: 'paused', tone: 'warning', label: t('status.paused'), waiting };
  if (reach?.reachable) return { kind: 'reachable', tone: 'success', label: t('status.reachable'), waiting };
  return { kind: 'unknown', tone: 'neutral', label: t('status.unknown'), waiting };
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
