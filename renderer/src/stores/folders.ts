// Watched folders of the active commune.
import { create } from 'zustand';
import type { FolderView } from '../../../main/contract/api';
import { sceau } from '../bridge';

interface FoldersState {
  folders: FolderView[];
  profileId: string | null;
  load(profileId: string | null): Promise<void>;
  upsert(folder: FolderView): void;
  removeLocal(id: string): void;
}

export const useFolders = create<FoldersState>()((set, get) => ({
  folders: [],
  profileId: null,
  load: async (profileId) => {
    const folders = await sceau.listFolders(profileId ? { profileId } : {});
    set({ folders, profileId });
  },
  upsert: (folder) => {
    const rest = get().folders.filter((f) => f.id !== folder.id);
    set({ folders: [...rest, folder] });
  },
  removeLocal: (id) => set({ folders: get().folders.filter((f) => f.id !== id) }),
}));
