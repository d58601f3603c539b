// Runs a child process in a private mount namespace with a file system mounted for it (a
// tiny tmpfs to fill up, a ramfs without direct I/O…). Whatever happens to the test, the
// mount disappears with the child. Needs `unshare` with user namespaces (-Urm) or root (-m).
import { expect } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOOKS = join(import.meta.dirname, '../../bench/capture/ts-hooks.ts');

let cached: string[] | null | undefined;

/** unshare flags that let this user mount privately, or null (the caller skips, saying why). */
export function privateMountFlags(): string[] | null {
  if (cached !== undefined) return cached;
  const probe = mkdtempSync(join(tmpdir(), 'sceau-mount-probe-'));
  try {
    for (const flags of [['-Urm'], ['-m']]) {
      const r = spawnSync('unshare', [...flags, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$1"', 'sh', probe]);
      if (r.status === 0) return (cached = flags);
    }
    return (cached = null);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** The flags, or null after skipping the test with the reason printed (no namespace here). */
export function mountFlagsOrSkip(ctx: { skip: () => void }, tag: string): string[] | null {
  const flags = privateMountFlags();
  if (!flags) {
    console.log(`[${tag}] skipped: no private mount namespace here (unshare -Urm / -m refused)`);
    ctx.skip();
  }
  return flags;
}

export interface MountedChild {
  flags: string[];
  /** File system type and mount options, e.g. `tmpfs` with `size=2m`. */
  fsType: string;
  options?: string;
  mountPoint: string;
  /** A .ts entry run with the project's TypeScript hooks. */
  child: string;
  args: string[];
  timeoutMs?: number;
}

export function runWithMount(m: MountedChild): SpawnSyncReturns<string> {
  mkdirSync(m.mountPoint, { recursive: true });
  const mount = `mount -t ${m.fsType}${m.options ? ` -o ${m.options}` : ''} ${m.fsType} "$1"`;
  return spawnSync(
    'unshare',
    [
      ...m.flags,
      'sh',
      '-c',
      `${mount} && shift && exec "$@"`,
      'sh',
      m.mountPoint,
      process.execPath,
      '--import',
      HOOKS,
      m.child,
      ...m.args,
    ],
    { encoding: 'utf8', timeout: m.timeoutMs ?? 55_000 },
  );
}

/**
 * The child run in its own mount, or null after skipping the test (reason printed). It must
 * exit 0 with no error on stderr (`silent`: nothing at all); its last stdout line is its JSON
 * report.
 */
export function mountedChildReport<T>(
  ctx: { skip: () => void },
  tag: string,
  m: Omit<MountedChild, 'flags'> & { silent?: boolean },
): T | null {
  const flags = mountFlagsOrSkip(ctx, tag);
  if (!flags) return null;
  const r = runWithMount({ flags, ...m });
  if (m.silent) expect(r.stderr).toBe('');
  else expect(r.stderr).not.toMatch(/Error|ERR_/);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T;
}
