// The real Electron app (dist/electron/main.cjs) under Playwright's _electron: the window's
// effective webPreferences, the renderer's globals and API object, window.open denied,
// navigation away from sceau://app blocked. Skips, with the reason printed, when the
// Electron binary cannot start (its download is impossible on the dev/CI machines).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CHANNEL_NAMES } from '../../main/contract/api';
import { electronForSpec, openSceau, type OpenedSceau } from './launch';

const { executable, skipReason } = electronForSpec('security');

test.describe('sécurité de l’application Electron', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let sceau: OpenedSceau | undefined;
  let electronApp: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    if (!executable) return;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-electron-'));
    sceau = await openSceau(executable, dataDir);
    ({ electronApp, page } = sceau);
  });

  test.afterAll(async () => {
    await sceau?.close();
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
