// Helpers for the web-host benchmarks: start the BUILT host (dist/web/host.mjs) as a user
// would (test/tools/web-host-process.ts), a free port, and polling an HTTP URL until it
// answers 200.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {
  HOST_ENTRY,
  HOST_ENV,
  ROOT,
  startHostProcess,
  stopChild,
  type HostProcess,
} from '../../test/tools/web-host-process';

export { HOST_ENTRY, HOST_ENV, ROOT, stopChild };

export function requireBuiltHost(): void {
  if (!existsSync(HOST_ENTRY) || !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/web/host.mjs or dist/renderer is missing: run `node scripts/build.mjs node renderer` first');
  }
}

export type RunningHost = HostProcess;

/** `node dist/web/host.mjs --data-dir D --json`: resolves once it printed {launchUrl}. */
export async function startHost(dataDir: string, extraArgs: string[] = []): Promise<RunningHost> {
  requireBuiltHost();
  return startHostProcess({ dataDir, args: extraArgs, timeoutMs: 60_000 });
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
