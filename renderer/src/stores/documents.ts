// Document-level live data: files being sealed (seal.progress), the latest known state per
// document id, and what this session dropped. Lists refetch through data/query (topics).
import { create } from 'zustand';
import type { DocumentState } from '../../../main/contract/api';

export interface SealingFile {
  path: string;
  bytes: number;
  totalBytes: number;
}

interface DocumentsState {
  /** Documents created or found again by this session's drops, per commune, newest first. */
  dropped: Record<string, string[]>;
  /** The documents of the latest drop, per commune (offered as one folder deposit). */
  lastDrop: Record<string, string[]>;
  sealing: Record<string, SealingFile>;
  latest: Record<string, { state: DocumentState; reason?: string }>;
  addDropped(profileId: string, ids: string[]): void;
  stateChanged(id: string, state: DocumentState, reason?: string): void;
  sealProgress(f: SealingFile): void;
}

export const useDocuments = create<DocumentsState>()((set, get) => ({
  dropped: {},
  lastDrop: {},
  sealing: {},
  latest: {},
  addDropped: (profileId, ids) => {
    const before = get().dropped[profileId] ?? [];
    const fresh = [...new Set(ids)];
    const kept = before.filter((id) => !fresh.includes(id));
    set({
      dropped: { ...get().dropped, [profileId]: [...fresh, ...kept].slice(0, 1000) },
      lastDrop: { ...get().lastDrop, [profileId]: fresh },
    });
  },
  // Both run once per event: a 10,000-file drop sends 30,000 or more. Copying the whole map
  // each time made the page quadratic (issue 18): `latest` is updated in place (read it per
  // id), and a file sealed in one go (its only progress says « done ») changes nothing.
  stateChanged: (id, state, reason) => {
    const latest = get().latest;
    latest[id] = reason === undefined ? { state } : { state, reason };
    set({ latest });
  },
  sealProgress: (f) => {
    const done = f.totalBytes > 0 && f.bytes >= f.totalBytes;
    if (done && !(f.path in get().sealing)) return;
    const sealing = { ...get().sealing };
    if (done) delete sealing[f.path];
    else sealing[f.path] = f;
    set({ sealing });
  },
}));
