// The one place that knows there are two hosts: Electron's preload puts `window.sceau`
// in place before any script runs; otherwise we are in the web host.
import type { SceauApi } from '../../../main/contract/api';
import { createWebClient, hasWebToken, onReconnect } from './web-client';

declare global {
  interface Window {
    sceau?: SceauApi;
  }
}

export const sceau: SceauApi = window.sceau ?? createWebClient();

/**
 * The desktop app (its preload set `window.sceau`): it can open a folder in the file manager.
 * A browser cannot, so the web host shows the path with a copy button instead.
 */
export const desktopHost: boolean = window.sceau !== undefined;

/**
 * The page was opened without its key (an address typed or bookmarked without #token=…):
 * no retry can help, only the full address printed when Sceau starts.
 */
export const openedWithoutKey: boolean = window.sceau === undefined && !hasWebToken();

/** Runs `listener` when the web host is reachable again after a loss (never in Electron). */
export const onHostReconnect: (listener: () => void) => () => void = onReconnect;
