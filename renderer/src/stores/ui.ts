// Which screen is shown, the document opened in detail, and the polite live region text.
import { create } from 'zustand';

export type Screen = 'dashboard' | 'deposit' | 'queue' | 'browse' | 'folders' | 'settings' | 'help' | 'detail';

interface UiState {
  screen: Screen;
  detailId: string | null;
  returnTo: Screen;
  /** Shows the first-launch assistant again to add another commune. */
  wizardOpen: boolean;
  /** Text for the polite live region (progress, results). */
  announcement: string;
  /** A commune whose form Paramètres must open (« Passer à l’archive réelle »). */
  editRequest: string | null;
  editCommune(profileId: string): void;
  clearEditRequest(): void;
  navigate(screen: Screen): void;
  openDetail(id: string): void;
  closeDetail(): void;
  setWizardOpen(open: boolean): void;
  announce(text: string): void;
}

export const useUi = create<UiState>()((set, get) => ({
  screen: 'dashboard',
  detailId: null,
  returnTo: 'browse',
  wizardOpen: false,
  announcement: '',
  editRequest: null,
  editCommune: (profileId) => set({ screen: 'settings', detailId: null, editRequest: profileId, wizardOpen: false }),
  clearEditRequest: () => set({ editRequest: null }),
  navigate: (screen) => set({ screen, detailId: screen === 'detail' ? get().detailId : null, wizardOpen: false }),
  openDetail: (id) => {
    const current = get().screen;
    set({ screen: 'detail', detailId: id, returnTo: current === 'detail' ? get().returnTo : current });
  },
  closeDetail: () => set({ screen: get().returnTo, detailId: null }),
  setWizardOpen: (wizardOpen) => set({ wizardOpen }),
  announce: (text) => {
    // Clearing first makes screen readers repeat an identical message.
    set({ announcement: '' });
    window.setTimeout(() => set({ announcement: text }), 50);
  },
}));
