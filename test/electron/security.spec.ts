// The real Electron app (dist/electron/main.cjs) under Playwright's _electron: the window's
// effective webPreferences, the renderer's globals and API object, window.open denied,
// navigation away from sceau://app blocked. Skips, with the reason printed, when the
// Electron binary cannot start (its download is impossible on the dev/CI machines).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CHANNEL_NAMES } from '../../main/contract/api';

const root = path.resolve(import.meta.dirname, '..', '..');
const mainEntry = path.join(root, 'dist', 'electron', 'main.cjs');

/**
 * The Electron executable, found the way `require('electron')` does but WITHOUT its lazy
 * download (which hangs on a closed network), then `electron --version` must succeed.
 */
function findElectron(): { executable: string } | { reason: string } {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !existsSync(pathFile))
    return {
      reason: `no Electron binary: ${path.relative(root, pathFile)} is missing (its download failed at install)`,
    };
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const executable = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  if (!existsSync(executable)) return { reason: `no Electron binary at ${executable}` };
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0) {
    return {
      reason: `\`electron --version\` failed (${version.error?.message ?? `exit ${version.status}`}): ${(version.stderr ?? '').trim().slice(0, 300)}`,
    };
  }
  if (!existsSync(mainEntry))
    return { reason: 'dist/electron/main.cjs is missing: run `node scripts/build.mjs` first' };
  return { executable };
}

/** A display for Electron on Linux: the current one, or a private Xvfb when there is none. */
async function ensureDisplay(): Promise<{ display?: string; xvfb?: ChildProcess; reason?: string }> {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
    return { display: process.env.DISPLAY };
  const which = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' });
  if (which.status !== 0) return { reason: 'no display and no Xvfb to start one' };
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
  const display = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 10_000);
    fd3.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(`:${d.toString().trim()}`);
    });
    xvfb.once('exit', () => resolve(null));
  });
  if (!display) {
    xvfb.kill();
    return { reason: 'Xvfb did not start' };
  }
  return { display, xvfb };
}

const found = findElectron();
const skipReason = 'reason' in found ? `Electron cannot start here: ${found.reason}` : null;
if (skipReason) console.log(`[electron/security] skipped — ${skipReason}`);

test.describe('sécurité de l’application Electron', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let electronApp: ElectronApplication;
  let page: Page;
  let dataDir: string;
  let xvfb: ChildProcess | undefined;

  test.beforeAll(async () => {
    if (!('executable' in found)) return;
    const screen = await ensureDisplay();
    if (screen.reason) throw new Error(screen.reason);
    xvfb = screen.xvfb;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-electron-'));
    electronApp = await _electron.launch({
      executablePath: found.executable,
      // Chromium refuses to run as root with its OS sandbox (CI runs as root); the
      // renderer's `sandbox: true` preference, asserted below, is a separate layer.
      args: [mainEntry, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
      env: {
        ...(process.env as Record<string, string>),
        SCEAU_DATA_DIR: dataDir,
        DBUS_SESSION_BUS_ADDRESS: 'disabled:',
        ...(screen.display ? { DISPLAY: screen.display } : {}),
      },
      timeout: 60_000,
    });
    page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await electronApp?.close();
    xvfb?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('webPreferences effectives : isolation, bac à sable, pas de Node', async () => {
    const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
      return BrowserWindow.getAllWindows().map((w) => {
        // Electron's effective preferences of the page (an API missing from its typings).
        const contents = w.webContents as unknown as { getLastWebPreferences?: () => Electron.WebPreferences | null };
        if (typeof contents.getLastWebPreferences !== 'function')
          throw new Error('webContents.getLastWebPreferences() is not available');
        const p = contents.getLastWebPreferences() ?? {};
        return {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration,
          nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
          nodeIntegrationInWorker: p.nodeIntegrationInWorker,
          webviewTag: p.webviewTag,
          webSecurity: p.webSecurity,
          allowRunningInsecureContent: p.allowRunningInsecureContent,
          url: w.webContents.getURL(),
        };
      });
    });
    expect(prefs.length).toBeGreaterThan(0);
    for (const p of prefs) {
      expect(p.contextIsolation).toBe(true);
      expect(p.sandbox).toBe(true);
      expect(p.nodeIntegration).toBe(false);
      expect(p.nodeIntegrationInSubFrames).toBe(false);
      expect(p.nodeIntegrationInWorker).toBe(false);
      expect(p.webviewTag).toBe(false);
      expect(p.webSecurity).toBe(true);
      expect(p.allowRunningInsecureContent).toBe(false);
      expect(p.url.startsWith('sceau://app/')).toBe(true);
    }
  });

  test('la page n’a ni Node ni canal brut ; window.sceau = fonctions du contrat', async () => {
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      keys: Object.keys((window as unknown as { sceau?: object }).sceau ?? {}).sort(),
    }));
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
    expect(seen.keys).toEqual([...CHANNEL_NAMES, 'onEvent', 'intakeFiles', 'download'].sort());
  });

  test('window.open est refusé', async () => {
    const before = electronApp.windows().length;
    const opened = await page.evaluate(() => window.open('https://example.com/', '_blank') === null);
    expect(opened).toBe(true);
    await page.waitForTimeout(500);
    expect(electronApp.windows().length).toBe(before);
  });

  test('la navigation vers un site externe est bloquée', async () => {
    const start = page.url();
    expect(start.startsWith('sceau://app/')).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1500);
    expect(page.url()).toBe(start);
    const count = await electronApp.evaluate(
      ({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().filter((w) => !w.webContents.getURL().startsWith('sceau://app/')).length,
    );
    expect(count).toBe(0);
  });
});
