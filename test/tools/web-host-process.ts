// The BUILT web host (dist/web/host.mjs) as a child process, started the way a user would:
// `node dist/web/host.mjs --data-dir D --json …`, resolved once it printed its JSON line
// ({ launchUrl, url }). Shared by the Playwright fixtures (test/e2e/fixtures.ts) and the
// web benchmarks (bench/web/web-host.ts). `node scripts/build.mjs node renderer` first.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_ENTRY = path.join(ROOT, 'dist', 'web', 'host.mjs');

/** The host must not reach a desktop keychain from a test or a benchmark (session-only secrets). */
export const HOST_ENV: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' };

export interface HostProcessOptions {
  dataDir: string;
  /** Arguments after `--data-dir D --json`. */
  args?: string[];
  /** Defaults to HOST_ENV. */
  env?: NodeJS.ProcessEnv;
  /** How long the host may take to print its JSON line. */
  timeoutMs?: number;
}

export interface HostProcess {
  child: ChildProcess;
  launchUrl: string;
  url: string;
  stop(): Promise<void>;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
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

export async function startHostProcess(o: HostProcessOptions): Promise<HostProcess> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, [HOST_ENTRY, '--data-dir', o.dataDir, '--json', ...(o.args ?? [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: o.env ?? HOST_ENV,
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const tail = () => stderr.join('').slice(-2000);
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<{ launchUrl: string; url: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web host did not start in ${timeoutMs / 1000} s: ${tail()}`)),
      timeoutMs,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { launchUrl: string; url: string });
      } catch {
        reject(new Error(`unexpected host output: ${line} ${tail()}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}): ${tail()}`));
    });
  });
  return { child, launchUrl: info.launchUrl, url: info.url, stop: () => stopChild(child) };
}
