// Helpers for the web-host benchmarks: start the BUILT host (dist/web/host.mjs) as a user
// would, a free port, and polling an HTTP URL until it answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_ENTRY = path.join(ROOT, 'dist', 'web', 'host.mjs');

/** The host must not reach a desktop keychain from a benchmark (session-only secrets). */
export const HOST_ENV: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' };

export function requireBuiltHost(): void {
  if (!existsSync(HOST_ENTRY) || !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/web/host.mjs or dist/renderer is missing: run `node scripts/build.mjs node renderer` first');
  }
}

export interface RunningHost {
  child: ChildProcess;
  launchUrl: string;
  url: string;
  stop(): Promise<void>;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
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

/** `node dist/web/host.mjs --data-dir D --json`: resolves once it printed {launchUrl}. */
export async function startHost(dataDir: string, extraArgs: string[] = []): Promise<RunningHost> {
  requireBuiltHost();
  const child = spawn(process.execPath, [HOST_ENTRY, '--data-dir', dataDir, '--json', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: HOST_ENV,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<{ launchUrl: string; url: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web host did not start in 60 s: ${stderr.join('').slice(-2000)}`)),
      60_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { launchUrl: string; url: string });
      } catch {
        reject(new Error(`unexpected host output: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}): ${stderr.join('').slice(-2000)}`));
    });
  });
  return { child, launchUrl: info.launchUrl, url: info.url, stop: () => stopChild(child) };
}

/** A port free right now on 127.0.0.1 (the OS's choice, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function getStatus(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Spawns `command args` and polls `url` every `pollMs` until it answers 200.
 * Returns the milliseconds from spawn to that first 200; the process is then stopped.
 */
export async function timeToFirst200(
  command: string,
  args: string[],
  url: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; pollMs?: number } = {},
): Promise<number> {
  const pollMs = options.pollMs ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env ?? process.env,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${path.basename(command)} exited (${child.exitCode}): ${stderr.join('').slice(-1000)}`);
      const status = await getStatus(url);
      if (status === 200) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs)
        throw new Error(`no HTTP 200 on ${url} after ${timeoutMs} ms (last status ${status})`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    await stopChild(child);
  }
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
