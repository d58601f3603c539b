// ONE status model, folded the same way wherever it is shown: the renderer's header,
// dashboard and queue (renderer/src/lib/status.ts) and the desktop tray (main/electron/tray.ts).
// Pure: what the engine last said (connectivity for the commune, the sync state) → one kind.
import type { SyncStatusView } from './channels/deposit';

export type StatusKind = 'reachable' | 'unreachable' | 'unknown' | 'paused';

export interface StatusFold {
  kind: StatusKind;
  /** Documents not yet gone to the archive (waiting offline, paused, or queued). */
  waiting: number;
}

export function foldArchiveStatus(
  reach: { reachable: boolean } | undefined,
  sync: Pick<SyncStatusView, 'online' | 'paused' | 'reason' | 'pendingCount'> | null,
): StatusFold {
  const waiting = sync?.pendingCount ?? 0;
  // The latest word wins: a connectivity event for this commune, else the engine's global flag.
  const unreachable = reach ? !reach.reachable : sync?.online === false || sync?.reason === 'offline';
  if (unreachable) return { kind: 'unreachable', waiting };
  if (sync?.paused && sync.reason !== 'offline') return { kind: 'paused', waiting };
  if (reach?.reachable) return { kind: 'reachable', waiting };
  return { kind: 'unknown', waiting };
}
