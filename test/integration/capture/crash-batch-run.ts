// Runs crash-batch-child.ts (one intake of a folder, killed where its arguments or its `sync`
// say) for the batch-boundary and barrier crash tests: whether SIGKILL ended it, and its output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CHILD = join(import.meta.dirname, 'crash-batch-child.ts');
const HOOKS = join(import.meta.dirname, '../../../bench/capture/ts-hooks.ts');

export function runCrashBatchChild(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ killed: boolean; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOKS, CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', out, err }));
  });
}
