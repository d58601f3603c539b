// The security settings of every window, as data (no electron import) so they can be
// asserted by a unit test and reused by the one window factory.

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  disableBlinkFeatures: string;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped outside the drop zone must never replace the app's page.
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
  };
}

/** The app's own origin: renderer files are served by the privileged sceau:// scheme. */
export const APP_SCHEME = 'sceau';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Sites a link in the app may open, in the system browser only. */
export const EXTERNAL_ALLOWLIST = [
  'https://www.megalis.bzh',
  'https://megalis.bretagne.bzh',
  'https://www.libriciel.fr',
  'https://www.programmevitam.fr',
  'https://francearchives.gouv.fr',
];

export function isAllowedExternal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  return EXTERNAL_ALLOWLIST.some((allowed) => {
    const a = new URL(allowed);
    return parsed.origin === a.origin;
  });
}

/** Navigation inside the window: only our own pages. */
export function isAllowedNavigation(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

export interface SenderInfo {
  /** URL of the frame that sent the IPC message (null when the frame is gone). */
  frameUrl: string | null;
  /** True when the sender frame is the top frame of its window. */
  isMainFrame: boolean;
  /** True when the frame belongs to a window this app created. */
  fromKnownWindow: boolean;
}

/** IPC sender check: only the top frame of one of our windows, showing our own page. */
export function isTrustedSender(sender: SenderInfo): boolean {
  if (!sender.frameUrl || !sender.isMainFrame || !sender.fromKnownWindow) return false;
  try {
    const u = new URL(sender.frameUrl);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** CSP sent with every renderer response in Electron (same policy as the web host). */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
