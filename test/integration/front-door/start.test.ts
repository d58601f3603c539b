// `npm start` never hides a crash: the real scripts/start.mjs runs the built web host (no
// display → browser mode), and the host is made to fail (bad option) or killed by a signal
// (SIGSEGV, as Node 20 did with better-sqlite3 13). A stop asked with SIGTERM stays clean.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../tools/wait';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const START = path.join(ROOT, 'scripts', 'start.mjs');

interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];

function start(args: string[] = []): Started {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sceau-start-'));
  dirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SCEAU_START_SKIP_BUILD: '1',
    SCEAU_NO_BROWSER: '1',
    SCEAU_DATA_DIR: dataDir,
    DBUS_SESSION_BUS_ADDRESS: 'disabled:',
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exited };
}

/** The host: the one child process of start.mjs (Linux /proc). */
function hostPid(pid: number): number {
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  expect(kids, 'start.mjs has one child, the web host').toHaveLength(1);
  return Number(kids[0]);
}

async function served(s: Started): Promise<string> {
  await waitFor(
    () => /http:\/\/127\.0\.0\.1:\d+/.test(s.out()),
    45_000,
    50,
    () => `${s.out()}\n${s.err()}`,
  );
  return /http:\/\/127\.0\.0\.1:\d+/.exec(s.out())![0];
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'host.mjs')))
    throw new Error('dist/web/host.mjs is missing: run `node scripts/build.mjs node renderer` (npm test does)');
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start (scripts/start.mjs) reports how the app ended', () => {
  it.runIf(process.platform === 'linux')(
    'a host killed by SIGSEGV: French message, exit code 139 (not 0)',
    async () => {
      const s = start();
      await served(s);
      process.kill(hostPid(s.child.pid!), 'SIGSEGV');
      const end = await s.exited;
      expect(end.code, s.err()).toBe(139);
      expect(s.err()).toMatch(
        /Sceau s’est arrêté brutalement : le serveur local de Sceau a été tué par le signal SIGSEGV/,
      );
      expect(s.err()).toMatch(/erreur de segmentation/);
    },
    60_000,
  );

  it('a host that exits with an error: its message, then a French summary, and the same non-zero code', async () => {
    const s = start(['--port', 'pas-un-port']);
    const end = await s.exited;
    expect(end.code).toBe(1);
    expect(s.err()).toMatch(/Sceau n’a pas pu démarrer : Port invalide/);
    expect(s.err()).toMatch(/Sceau s’est arrêté sur une erreur : le serveur local de Sceau a quitté avec le code 1/);
  }, 60_000);

  it('serves the app page, and a stop asked with SIGTERM ends cleanly (exit 0, no error)', async () => {
    const s = start();
    const url = await served(s);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">|<html/i);
    s.child.kill('SIGTERM');
    const end = await s.exited;
    expect(end).toEqual({ code: 0, signal: null });
    expect(s.err()).not.toMatch(/arrêté brutalement|arrêté sur une erreur/);
  }, 60_000);

  it('refuses, in French, to run under a Node older than 22 (the host would crash)', async (ctx) => {
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));
    const probe = old ? spawn(old, ['-p', 'process.versions.node.split(".")[0]']) : null;
    const major = probe
      ? await new Promise<number>((r) => {
          let o = '';
          probe.stdout!.on('data', (d: Buffer) => (o += d.toString()));
          probe.on('close', () => r(Number(o.trim())));
        })
      : 0;
    if (!old || major >= 22) {
      console.log(`[front door] old-Node case skipped: no system Node older than 22 here (${old ?? 'none'}: ${major})`);
      ctx.skip();
      return;
    }
    const s = spawn(old, [START], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    s.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => s.on('close', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/Sceau demande Node 22\.12 ou plus récent/);
  });
});
