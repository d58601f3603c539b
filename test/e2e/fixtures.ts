// Playwright fixtures: each test gets the REAL app — the built web host (dist/web/host.mjs)
// on a fresh data folder, driven in Chromium, wired to a real demo archive running in the
// test process (so a test can stop it and start it again on the same port: "offline").
//
// Usage:
//   import { test, expect } from '../fixtures';
//   test('…', async ({ page, app }) => { await app.open(page); … app.archive.stop(); … });
// `npm run build` (or scripts/test-all.sh) must have run first.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startDemoArchive, type DemoArchive } from '../../main/demo-archive/server';
import { startHostProcess, type HostProcess } from '../tools/web-host-process';

export interface ArchiveControl {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the archive: the app sees it offline. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same storage. */
  start(): Promise<void>;
  stats(): ReturnType<DemoArchive['stats']>;
}

export interface SceauApp {
  launchUrl: string;
  dataDir: string;
  archive: ArchiveControl;
  /** Opens the app in the page and collects console errors and CSP violations. */
  open(page: Page): Promise<void>;
  /** Console errors and CSP violations seen so far. */
  problems: string[];
  /** Restarts the host on the same data folder (e.g. after a simulated crash). */
  restart(): Promise<void>;
}

/** The built host on `dataDir`, wired to the test's demo archive, with short engine delays. */
function startHost(dataDir: string, archiveUrl: string): Promise<HostProcess> {
  return startHostProcess({
    dataDir,
    args: ['--demo-archive-url', archiveUrl, '--stability-ms', '300', '--tracking-ms', '250'],
    timeoutMs: 30_000,
  });
}

export const test = base.extend<{ app: SceauApp }>({
  // Playwright needs the destructuring pattern even when the fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-e2e-'));
    const archiveDir = path.join(dataDir, '..', `${path.basename(dataDir)}-archive`);
    let archive: DemoArchive | null = await startDemoArchive({ port: 0, dataDir: archiveDir, pendingMs: 300 });
    const port = Number(new URL(archive.url).port);
    const control: ArchiveControl = {
      url: archive.url,
      port,
      dataDir: archiveDir,
      async stop() {
        if (archive) await archive.close();
        archive = null;
      },
      async start() {
        if (!archive) archive = await startDemoArchive({ port, dataDir: archiveDir, pendingMs: 300 });
      },
      stats() {
        if (!archive) throw new Error('archive stopped');
        return archive.stats();
      },
    };
    let host = await startHost(dataDir, control.url);
    const problems: string[] = [];
    const app: SceauApp = {
      get launchUrl() {
        return host.launchUrl;
      },
      dataDir,
      archive: control,
      problems,
      async open(page: Page) {
        page.on('console', (msg) => {
          if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
        });
        page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
          });
        });
        await page.goto(host.launchUrl);
      },
      async restart() {
        await host.stop();
        host = await startHost(dataDir, control.url);
      },
    };
    await use(app);
    await host.stop();
    await control.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(archiveDir, { recursive: true, force: true });
  },
});

export { expect };
