// The desktop app's start (main/electron/main.ts) when the engine cannot open, with a fake
// `electron` that answers what main.ts asks before it (every other call a no-op): the user
// gets a French dialog naming the folder, and the app exits with 1. `start()` used to be
// passed as `.then(start, onError)`: its own failure was nobody's (an unhandled rejection,
// which Electron shows as an English « A JavaScript error occurred in the main process »
// with a stack trace), and no dialog said why Sceau did not open.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { ENGINE_NODE_FLAGS } from '../../scripts/engine-flags.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-startup-'));
const plain = path.join(tmp, 'un-fichier.txt');
writeFileSync(plain, 'pas un dossier');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const seen = { errorBoxes: [] as Array<[string, string]>, exits: [] as number[] };

vi.mock('electron', () => {
  // Whatever main.ts calls that this test does not look at: a function returning itself.
  const anything: unknown = new Proxy(function noop() {}, {
    get: (_t, p) => (p === 'then' ? undefined : anything),
    apply: () => anything,
    construct: () => anything as object,
  });
  const partly = <T extends object>(known: T): T =>
    new Proxy(known, { get: (t, p) => (p in t ? t[p as keyof T] : anything) });
  const app = partly({
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    // Started with the engine's flags already: no relaunch (main/electron/engine-flags.ts).
    commandLine: { getSwitchValue: (n: string) => (n === 'js-flags' ? ENGINE_NODE_FLAGS.join(' ') : '') },
    exit: (code = 0) => void seen.exits.push(code),
  });
  const dialog = partly({
    showErrorBox: (title: string, content: string) => void seen.errorBoxes.push([title, content]),
  });
  const rest = Object.fromEntries(
    [
      'BrowserWindow',
      'Menu',
      'shell',
      'session',
      'protocol',
      'net',
      'ipcMain',
      'Tray',
      'Notification',
      'nativeImage',
    ].map((name) => [name, anything]),
  );
  return { app, dialog, ...rest, default: { app, dialog, ...rest } };
});

test('the engine cannot open its data folder: a French dialog naming it, then exit 1', async () => {
  vi.stubEnv('SCEAU_DATA_DIR', path.join(plain, 'donnees'));
  vi.stubEnv('SCEAU_POLICY_FILE', path.resolve('test/integration/cli/no-policy.json'));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await import('../../main/electron/main');
    const end = Date.now() + 20_000;
    while (seen.exits.length === 0 && unhandled.length === 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
    vi.unstubAllEnvs();
  }
  expect(unhandled).toEqual([]);
  expect(seen.exits).toEqual([1]);
  expect(seen.errorBoxes).toHaveLength(1);
  const [title, content] = seen.errorBoxes[0]!;
  expect(title).toBe('Sceau');
  expect(content).toContain('Sceau n’a pas pu démarrer : « ');
  expect(content).toContain(plain);
  expect(content).toContain('un élément du chemin n’est pas un dossier (ENOTDIR)');
  expect(content).not.toMatch(/not a directory|\n\s+at /);
}, 60_000);
