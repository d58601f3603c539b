// Playwright fixtures: each test gets the REAL app — the built web host (dist/web/host.mjs)
// on a fresh data folder, driven in Chromium, wired to a real demo archive running in the
// test process (so a test can stop it and start it again on the same port: "offline").
//
// Usage:
//   import { test, expect } from '../fixtures';
//   test('…', async ({ page, app }) => { await app.open(page); … app.archive.stop(); … });
// `npm run build` (or scripts/test-all.sh) must have run first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import { startDemoArchive, type DemoArchive } from '../../main/demo-archive/server';

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

const root = path.resolve(import.meta.dirname, '..', '..');

async function startHost(dataDir: string, archiveUrl: string): Promise<{ child: ChildProcess; launchUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'dist', 'web', 'host.mjs'),
      '--data-dir',
      dataDir,
      '--json',
      '--demo-archive-url',
      archiveUrl,
      '--stability-ms',
      '300',
      '--tracking-ms',
      '250',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' } },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr.join('')}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { launchUrl: string }).launchUrl);
      } catch {
        reject(new Error(`unexpected host output: ${line} ${stderr.join('')}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`web host exited (${code}): ${stderr.join('')}`)));
  });
  return { child, launchUrl };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
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
        await stopChild(host.child);
        host = await startHost(dataDir, control.url);
      },
    };
    await use(app);
    await stopChild(host.child);
    await control.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(archiveDir, { recursive: true, force: true });
  },
});

export { expect };
