// « Lancer Sceau au démarrage de l’ordinateur » (Paramètres › Général, or the administrator's
// policy): the desktop app registers itself with the system's login items, at start and each
// time the setting is saved. The web host has no such thing (it is started by the system).
import { app } from 'electron';
import type { InvokeFunctions } from '../contract/api';
import { loginItemArgs } from './engine-flags';

export function applyLoginItem(enabled: boolean): void {
  // Started hidden in the tray: watching goes on without a window popping up at login.
  if (app.getLoginItemSettings().openAtLogin === enabled) return;
  app.setLoginItemSettings({ openAtLogin: enabled, args: loginItemArgs() });
}

/** The contract's functions, with `updateSettings` also applying the login item once saved. */
export function withLoginItem(handlers: InvokeFunctions, log: (line: string) => void): InvokeFunctions {
  return {
    ...handlers,
    async updateSettings(request) {
      const view = await handlers.updateSettings(request);
      try {
        applyLoginItem(view.values.startAtLogin);
      } catch (error) {
        log(`login item: ${String(error)}`);
      }
      return view;
    },
  };
}
