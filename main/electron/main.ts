// Thin Electron main: lifecycle, single instance, secure window, IPC from the contract, and
// the desktop parts, each its own module tested with the fake `electron` (test/electron/):
// save dialog (downloads.ts), folder picker and « Ouvrir le dossier » (folders.ts), tray
// with the one status model (tray.ts), system notifications (notifications.ts), start at
// login (login-item.ts). Everything else is the pure-Node engine.
import { app, BrowserWindow, dialog, Menu, shell } from 'electron';
import path from 'node:path';
import { Engine } from '../core/engine';
import { hostDemoServices } from '../compose/demo-services';
import { defaultDataDir } from '../core/paths';
import { loadPolicy } from '../core/policy';
import { setupUpdater } from './updater';
import { openAppLogger } from '../core/logging';
import { folderToOpen } from '../core/app/handlers/diagnostics';
import { desktopFolderHandlers } from './folders';
import { applyLoginItem, withLoginItem } from './login-item';
import { createDesktopNotifier } from './notifications';
import { createStatusTray, type StatusTray } from './tray';
import { registerDownloads } from './downloads';
import { forwardEvents, registerDropGrants, registerIpc, senderOf } from './ipc';
import { registerSchemeAsPrivileged, serveRenderer } from './protocol';
import { isAllowedExternal, isTrustedSender } from './secure-web-preferences';
import { createSecureWindow, lockDownSession } from './window-factory';
import { relaunchWithEngineFlags } from './engine-flags';
import { systemErrorMessage } from '../core/system-errors';

const distDir = path.resolve(__dirname, '..');
const preloadPath = path.join(distDir, 'electron', 'preload.cjs');
const rendererDir = path.join(distDir, 'renderer');
const assetsDir = path.resolve(distDir, '..', 'assets');

registerSchemeAsPrivileged();
app.setName('Sceau');
if (process.env.SCEAU_DATA_DIR) app.setPath('userData', process.env.SCEAU_DATA_DIR);

let mainWindow: BrowserWindow | null = null;
let tray: StatusTray | null = null;
let engine: Engine | null = null;

if (relaunchWithEngineFlags()) {
  // Started without the engine's V8 flags: the relaunched process (with them) takes over.
} else if (!app.requestSingleInstanceLock()) {
  // A second launch just brings the first window forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (engine) openWindow();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // `.catch`, not `.then(start, onError)`: start()'s own failure (the engine cannot open its
  // data folder) must reach the dialog too, not become an unhandled rejection.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const system = systemErrorMessage(error);
      const said = system ? `${system}.` : error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Sceau', `Sceau n’a pas pu démarrer : ${said}`);
      app.exit(1);
    });
}

async function start() {
  lockDownSession();
  serveRenderer(rendererDir);
  Menu.setApplicationMenu(null);
  // Set but empty counts as unset: never the working directory.
  const fromEnv = process.env.SCEAU_DATA_DIR;
  const dataDir = fromEnv && fromEnv.trim() !== '' ? fromEnv : defaultDataDir();
  const policy = loadPolicy();
  const logger = openAppLogger(dataDir);
  if (policy.error) logger.warn(policy.error);
  engine = await Engine.open({
    dataDir,
    policy,
    demo: hostDemoServices({ dataDir }),
    // Paths only from a real drop or dialog seen here, or inside a watched folder.
    fileAccess: 'granted',
    log: (level, message) => logger[level](message),
    hostVersions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    overrides: {
      ...desktopFolderHandlers({
        window: () => mainWindow,
        grant: (paths) => engine?.parts.fileAccess.grant(paths),
        resolve: async ({ folderId }) => ({ opened: false, path: folderToOpen(theEngine().parts, folderId) }),
        knownFolders: () => [
          theEngine().parts.dataDir,
          ...theEngine()
            .parts.folders.list()
            .map((f) => f.path),
        ],
        log: (line) => logger.warn(line),
      }),
      openExternal: async ({ url }) => {
        if (!isAllowedExternal(url)) return { opened: false };
        await shell.openExternal(url);
        return { opened: true };
      },
    },
  });
  await engine.start();
  applyLoginItemSafely(engine.parts.settings.values().startAtLogin, (line) => logger.warn(line));
  registerIpc(
    withLoginItem(engine.handlers, (line) => logger.warn(line)),
    (line) => logger.warn(line),
  );
  const fileAccess = engine.parts.fileAccess;
  registerDropGrants(
    (paths) => fileAccess.grant(paths),
    (line) => logger.warn(line),
  );
  const running = engine;
  registerDownloads({
    resolveExport: (id) => running.resolveExport(id),
    trusted: (event) => isTrustedSender(senderOf(event)),
    log: (line) => logger.warn(line),
  });
  void setupUpdater({ policy, log: logger, beforeMigratingUpdate: () => running.backupDatabase() }).catch(
    (e: unknown) => logger.warn(`updater: ${String(e)}`),
  );
  // Started at login (--hidden): the tray only, watching and sending go on.
  if (!process.argv.includes('--hidden')) openWindow();
  forwardEvents(
    (l) => engine!.bus.on(l),
    () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  const initial = engine.parts.sync.status();
  tray = createStatusTray({
    iconsDir: path.join(assetsDir, 'icons', 'tray'),
    initial: {
      online: initial.online,
      paused: initial.paused,
      reason: initial.reason,
      pendingCount: initial.pendingCount,
    },
    openWindow,
    openDataFolder: () => void engine?.handlers.openFolder({}).catch((e: unknown) => logger.warn(String(e))),
    pause: () => void engine?.handlers.pauseSync({}),
    resume: () => void engine?.handlers.resumeSync({}),
    quit: () => app.quit(),
  });
  const notifier = createDesktopNotifier({
    enabled: () => running.parts.settings.values().notifications !== false,
    openWindow,
  });
  engine.bus.on((event) => {
    tray?.onEvent(event);
    notifier.onEvent(event);
  });
}

function applyLoginItemSafely(enabled: boolean, log: (line: string) => void) {
  try {
    applyLoginItem(enabled);
  } catch (error) {
    log(`login item: ${String(error)}`);
  }
}

function theEngine(): Engine {
  if (!engine) throw new Error('engine not open yet');
  return engine;
}

function openWindow() {
  if (!mainWindow) {
    const created = createSecureWindow(preloadPath);
    created.on('closed', () => {
      if (mainWindow === created) mainWindow = null;
    });
    mainWindow = created;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !engine) return;
  // Let uploads and seals stop cleanly before the process ends.
  e.preventDefault();
  quitting = true;
  void engine.close().finally(() => app.quit());
});
app.on('window-all-closed', () => {
  // Keep running in the tray: watching and sending go on.
});
