// Thin Electron main: lifecycle, single instance, secure window, IPC from the contract,
// tray, notifications. Everything else is the pure-Node engine.
import { app, BrowserWindow, dialog, Menu, Notification, shell, Tray, nativeImage } from 'electron';
import path from 'node:path';
import { Engine } from '../core/engine';
import { hostDemoServices } from '../compose/demo-services';
import { defaultDataDir } from '../core/paths';
import { loadPolicy } from '../core/policy';
import { setupUpdater } from './updater';
import { openAppLogger } from '../core/logging';
import type { CoreEvent } from '../contract/api';
import { registerDownloads } from './downloads';
import { forwardEvents, registerDropGrants, registerIpc, senderOf } from './ipc';
import { registerSchemeAsPrivileged, serveRenderer } from './protocol';
import { isAllowedExternal, isTrustedSender } from './secure-web-preferences';
import { createSecureWindow, lockDownSession } from './window-factory';

const distDir = path.resolve(__dirname, '..');
const preloadPath = path.join(distDir, 'electron', 'preload.cjs');
const rendererDir = path.join(distDir, 'renderer');
const assetsDir = path.resolve(distDir, '..', 'assets');

registerSchemeAsPrivileged();
app.setName('Sceau');
if (process.env.SCEAU_DATA_DIR) app.setPath('userData', process.env.SCEAU_DATA_DIR);

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let engine: Engine | null = null;

if (!app.requestSingleInstanceLock()) {
  // A second launch just brings the first window forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Sceau', `Sceau n’a pas pu démarrer : ${String(error)}`);
    app.exit(1);
  });
}

function trayIcon(state: 'idle' | 'busy' | 'error') {
  const file = path.join(assetsDir, 'icons', `tray-${state}.png`);
  const image = nativeImage.createFromPath(file);
  return image.isEmpty() ? nativeImage.createEmpty() : image;
}

async function start() {
  lockDownSession();
  serveRenderer(rendererDir);
  Menu.setApplicationMenu(null);
  const dataDir = process.env.SCEAU_DATA_DIR ?? defaultDataDir();
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
      chooseFolder: async () => {
        const options = { title: 'Choisir un dossier à surveiller', properties: ['openDirectory' as const] };
        const result = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        const chosen = result.canceled ? null : (result.filePaths[0] ?? null);
        if (chosen) engine?.parts.fileAccess.grant([chosen]);
        return { path: chosen };
      },
      openExternal: async ({ url }) => {
        if (!isAllowedExternal(url)) return { opened: false };
        await shell.openExternal(url);
        return { opened: true };
      },
    },
  });
  await engine.start();
  registerIpc(engine.handlers, (line) => logger.warn(line));
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
  mainWindow = createSecureWindow(preloadPath);
  mainWindow.on('closed', () => (mainWindow = null));
  forwardEvents(
    (l) => engine!.bus.on(l),
    () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  );
  setupTray();
  engine.bus.on(notify);
}

function setupTray() {
  tray = new Tray(trayIcon('idle'));
  tray.setToolTip('Sceau — versement des documents');
  const menu = Menu.buildFromTemplate([
    {
      label: 'Ouvrir Sceau',
      click: () => (mainWindow ? mainWindow.show() : (mainWindow = createSecureWindow(preloadPath))),
    },
    { label: 'Mettre en pause les envois', click: () => void engine?.handlers.pauseSync({}) },
    { label: 'Reprendre les envois', click: () => void engine?.handlers.resumeSync({}) },
    { type: 'separator' },
    { label: 'Quitter', click: () => app.quit() },
  ]);
  tray.setContextMenu(menu);
}

function notify(event: CoreEvent) {
  if (event.type === 'sync.status' && tray)
    tray.setImage(trayIcon(event.paused ? 'error' : event.pendingCount > 0 ? 'busy' : 'idle'));
  if (event.type !== 'notification' || !Notification.isSupported()) return;
  new Notification({ title: event.title, body: event.body, silent: event.level === 'info' }).show();
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
