// Runs a TypeScript entry in its own Node process (bundled with esbuild next to the repo so
// node_modules and assets resolve): the demo archive on its own core, or an engine to SIGKILL.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const OUT = path.join(ROOT, 'test-results', 'sync-children');

export async function bundle(entry: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

export interface Child {
  proc: ChildProcess;
  /** Next IPC message matching `type`. */
  next<T>(type: string, timeoutMs?: number): Promise<T>;
  send(message: unknown): void;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startChild(entry: string, args: unknown): Promise<Child> {
  const file = await bundle(entry);
  const proc = fork(file, [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: Array<{ type: string }> = [];
  const waiters: Array<() => void> = [];
  proc.on('message', (m) => {
    inbox.push(m as { type: string });
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    async next<T>(type: string, timeoutMs = 20_000): Promise<T> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0] as T;
        if (Date.now() > end || proc.exitCode !== null) throw new Error(`child: no "${type}" message`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    send: (m) => proc.send(m as never),
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
