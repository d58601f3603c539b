// Queue / sync status: pending count, pause, active transfers with progress, and the
// archive's reachability per commune (connectivity events).
import { create } from 'zustand';
import type { SyncStatusView } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { archiveStatus, mergeReachability, type ArchiveStatus, type Reachability } from '../lib/status';
import { useProfiles } from './profiles';

export type { Reachability } from '../lib/status';

export interface TransferProgress {
  transferId: string;
  profileId: string | null;
  label: string;
  sentBytes: number;
  totalBytes: number;
  rate: number;
  updatedAt: number;
}

interface SyncState {
  status: SyncStatusView | null;
  transfers: Record<string, TransferProgress>;
  connectivity: Record<string, Reachability>;
  load(): Promise<void>;
  setStatus(status: SyncStatusView): void;
  patchStatus(patch: Partial<SyncStatusView>): void;
  progress(p: Omit<TransferProgress, 'label' | 'updatedAt'>): void;
  setConnectivity(profileId: string, r: Reachability): void;
}

export const useSync = create<SyncState>()((set, get) => ({
  status: null,
  transfers: {},
  connectivity: {},
  load: async () => {
    get().setStatus(await sceau.getSyncStatus({}));
  },
  setStatus: (status) => {
    const transfers: Record<string, TransferProgress> = {};
    for (const a of status.activeTransfers) {
      transfers[a.transferId] = {
        ...a,
        profileId: get().transfers[a.transferId]?.profileId ?? null,
        updatedAt: Date.now(),
      };
    }
    set({ status, transfers });
  },
  patchStatus: (patch) => {
    const status = get().status;
    if (status) set({ status: { ...status, ...patch } });
    else
      void get()
        .load()
        .catch(() => undefined);
  },
  progress: (p) => {
    const transfers = { ...get().transfers };
    if (p.totalBytes > 0 && p.sentBytes >= p.totalBytes) delete transfers[p.transferId];
    else transfers[p.transferId] = { ...p, label: get().transfers[p.transferId]?.label ?? '', updatedAt: Date.now() };
    set({ transfers });
  },
  setConnectivity: (profileId, r) =>
    set({ connectivity: { ...get().connectivity, [profileId]: mergeReachability(get().connectivity[profileId], r) } }),
}));

/** The active commune's archive status (lib/status.ts), for the header, dashboard and queue. */
export function useArchiveStatus(): ArchiveStatus {
  const activeId = useProfiles((s) => s.activeId);
  const reach = useSync((s) => (activeId ? s.connectivity[activeId] : undefined));
  const status = useSync((s) => s.status);
  return archiveStatus(reach, status);
}
