// Runs the real CLI as a child process (from sources: node --experimental-transform-types).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
const RUNNER = join(ROOT, 'main', 'cli', 'run.ts');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.SCEAU_ARCHIVE_PASSWORD;
  delete env.DBUS_SESSION_BUS_ADDRESS; // no keychain in tests: session store, said clearly
  env.SCEAU_POLICY_FILE = extra.SCEAU_POLICY_FILE ?? join(ROOT, 'test', 'integration', 'cli', 'no-policy.json');
  return env;
}

export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = cliEnv(),
  input?: string,
  cwd: string = ROOT,
): ChildProcess {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', RUNNER, ...args], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  return child;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options.env ?? cliEnv(), options.input, options.cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timeout: sceau ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Collects a child's stdout lines and waits for one that matches. */
export class LineWatcher {
  readonly lines: string[] = [];
  stderr = '';
  private waiters: Array<{ test: (l: string) => boolean; resolve: (l: string) => void }> = [];

  constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => (w.test(line) ? (w.resolve(line), false) : true));
      }
    });
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  waitFor(test: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const found = this.lines.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ligne attendue non vue.\nstdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  exit(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.on('close', (code) => resolve(code));
    });
  }
}
