// The one secure window factory (VS Code style): every BrowserWindow of the app is made here.
import { BrowserWindow, shell, session, type WebContents } from 'electron';
import {
  APP_ENTRY,
  ELECTRON_CSP,
  isAllowedExternal,
  isAllowedNavigation,
  secureWebPreferences,
} from './secure-web-preferences';

const ourWindows = new Set<number>();

export function isOurWebContents(contents: WebContents): boolean {
  return ourWindows.has(contents.id);
}

/** Denies every permission (camera, notifications prompts, geolocation …) for all sessions. */
export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [ELECTRON_CSP],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

export function createSecureWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sceau',
    backgroundColor: '#f7f7f5',
    webPreferences: secureWebPreferences(preloadPath),
  });
  const id = win.webContents.id;
  ourWindows.add(id);
  win.on('closed', () => ourWindows.delete(id));

  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Allowlisted sites open in the system browser; nothing opens inside the app.
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
