// Communes (profiles) and the active one, persisted through settings.activeProfileId.
import { create } from 'zustand';
import type { ProfileView } from '../../../main/contract/api';
import { sceau } from '../bridge';
import { useBrowse } from './browse';
import { useSettings } from './settings';

interface ProfilesState {
  profiles: ProfileView[];
  activeId: string | null;
  loaded: boolean;
  load(): Promise<void>;
  setActive(id: string): Promise<void>;
  added(profile: ProfileView): Promise<void>;
  /** A commune edited in Paramètres: replaced in place, the active one unchanged. */
  updated(profile: ProfileView): void;
  /** A commune removed: another becomes active (none left: the assistant shows again). */
  removed(id: string): Promise<void>;
}

export const useProfiles = create<ProfilesState>()((set, get) => ({
  profiles: [],
  activeId: null,
  loaded: false,
  load: async () => {
    const profiles = await sceau.listProfiles({});
    const wanted = useSettings.getState().view?.values.activeProfileId ?? get().activeId;
    const activeId = profiles.find((p) => p.id === wanted)?.id ?? profiles[0]?.id ?? null;
    set({ profiles, activeId, loaded: true });
    // The Versements filters follow the header's commune.
    useBrowse.getState().follow(activeId);
  },
  setActive: async (id) => {
    set({ activeId: id });
    useBrowse.getState().follow(id);
    try {
      await useSettings.getState().save({ activeProfileId: id });
    } catch {
      // The choice still applies for this session; the settings screen shows errors.
    }
  },
  added: async (profile) => {
    set({ profiles: [...get().profiles.filter((p) => p.id !== profile.id), profile] });
    await get().setActive(profile.id);
  },
  updated: (profile) => {
    set({ profiles: get().profiles.map((p) => (p.id === profile.id ? profile : p)) });
  },
  removed: async (id) => {
    const profiles = get().profiles.filter((p) => p.id !== id);
    set({ profiles });
    if (get().activeId !== id) return;
    const next = profiles[0];
    if (next) {
      await get().setActive(next.id);
      return;
    }
    set({ activeId: null });
    useBrowse.getState().follow(null);
    try {
      await useSettings.getState().save({ activeProfileId: null });
    } catch {
      // Nothing active any more either way; the assistant takes over.
    }
  },
}));

export function useActiveProfile(): ProfileView | null {
  return useProfiles((s) => s.profiles.find((p) => p.id === s.activeId) ?? null);
}
