// The Versements filters, kept for the session: coming back from a document's detail
// finds the list as the user left it.
import { create } from 'zustand';

export type Sort = 'problems-first' | 'newest' | 'oldest' | 'name';

export interface Filters {
  state: string;
  nature: string;
  year: string;
  /** '' = every commune. */
  profileId: string;
  folderId: string;
  text: string;
  sort: Sort;
}

interface BrowseState {
  filters: Filters;
  /** The header's commune the filters last followed (null = never). */
  followed: string | null;
  setFilters(update: (f: Filters) => Filters): void;
  /** Follows the header's switcher when it changed since the filters last did. */
  follow(activeId: string | null): void;
}

export const EMPTY_FILTERS: Filters = {
  state: '',
  nature: '',
  year: '',
  profileId: '',
  folderId: '',
  text: '',
  sort: 'problems-first',
};

export const useBrowse = create<BrowseState>()((set, get) => ({
  filters: EMPTY_FILTERS,
  followed: null,
  setFilters: (update) => set({ filters: update(get().filters) }),
  follow: (activeId) => {
    const id = activeId ?? '';
    if (get().followed === id) return;
    set({ followed: id, filters: { ...get().filters, profileId: id, folderId: '' } });
  },
}));
