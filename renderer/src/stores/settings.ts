// Application settings (SettingsView), with the theme applied to <html data-theme>.
import { create } from 'zustand';
import type { SettingsPatch, SettingsView } from '../../../main/contract/api';
import { sceau } from '../bridge';

interface SettingsState {
  view: SettingsView | null;
  load(): Promise<void>;
  save(patch: SettingsPatch): Promise<SettingsView>;
}

export function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

export const useSettings = create<SettingsState>()((set) => ({
  view: null,
  load: async () => {
    const view = await sceau.getSettings({});
    applyTheme(view.values.theme);
    set({ view });
  },
  save: async (patch) => {
    const view = await sceau.updateSettings(patch);
    applyTheme(view.values.theme);
    set({ view });
    return view;
  },
}));
