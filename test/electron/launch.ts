// Launching the real Electron app (dist/electron/main.cjs) under Playwright's _electron, shared
// by the desktop specs: the binary is found WITHOUT its lazy download (which hangs on a closed
// network), and Linux gets a private Xvfb when there is no display. Each spec skips, printing
// why, when the binary cannot start (the dev/CI machines).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { ENGINE_NODE_FLAGS } from '../../scripts/engine-flags.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const mainEntry = path.join(root, 'dist', 'electron', 'main.cjs');

/**
 * The Electron executable, found the way `require('electron')` does but WITHOUT its lazy
 * download (which hangs on a closed network), then `electron --version` must succeed.
 */
export function findElectron(): { executable: string } | { reason: string } {
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
export async function ensureDisplay(): Promise<{ display?: string; xvfb?: ChildProcess; reason?: string }> {
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

/** Starts Sceau on `dataDir` (SCEAU_DATA_DIR) with the found executable. */
export async function launchSceau(
  executable: string,
  dataDir: string,
  display: string | undefined,
): Promise<ElectronApplication> {
  return _electron.launch({
    executablePath: executable,
    // Chromium refuses to run as root with its OS sandbox (CI runs as root); the
    // renderer's `sandbox: true` preference is a separate layer.
    // The engine's V8 flags given at start: the app would otherwise relaunch itself with them
    // (main/electron/engine-flags.ts) and Playwright would lose the process it started.
    args: [
      mainEntry,
      `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      SCEAU_DATA_DIR: dataDir,
      DBUS_SESSION_BUS_ADDRESS: 'disabled:',
      ...(display ? { DISPLAY: display } : {}),
    },
    timeout: 60_000,
  });
}

/** The Electron executable for a spec, or why the spec is skipped (printed once, named). */
export function electronForSpec(spec: string): { executable: string | null; skipReason: string | null } {
  const found = findElectron();
  if ('executable' in found) return { executable: found.executable, skipReason: null };
  const skipReason = `Electron cannot start here: ${found.reason}`;
  console.log(`[electron/${spec}] skipped — ${skipReason}`);
  return { executable: null, skipReason };
}

export interface OpenedSceau {
  electronApp: ElectronApplication;
  page: Page;
  /** Closes the app, then the private Xvfb if one was started. */
  close(): Promise<void>;
}

/** Sceau on `dataDir`, on a display (a private Xvfb when needed), its first window loaded. */
export async function openSceau(executable: string, dataDir: string): Promise<OpenedSceau> {
  const screen = await ensureDisplay();
  if (screen.reason) throw new Error(screen.reason);
  const electronApp = await launchSceau(executable, dataDir, screen.display).catch((error: unknown) => {
    screen.xvfb?.kill();
    throw error;
  });
  const page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    electronApp,
    page,
    async close() {
      await electronApp.close();
      screen.xvfb?.kill();
    },
  };
}
