// Faults during the large-file seal (seal-pipe.ts: a worker hashes, the caller reads and
// writes): a vault disk that fills up mid-copy, and a process killed (SIGKILL) at any point.
// Whatever happens, no file under a content address holds other bytes than its name says,
// and the temp files are purged at the next start.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leftoverTempFiles, prepareVault } from '../../../main/core/seal/vault';
import { mountedChildReport } from '../../tools/mount-namespace';
import { scratchDir } from '../../tools/scratch';

const CHILD = join(import.meta.dirname, 'seal-pipe-child.ts');
const HOOKS = join(import.meta.dirname, '../../../bench/capture/ts-hooks.ts');

let dir = '';
scratchDir('sceau-seal-pipe-faults-', (d) => (dir = d));

/** Files under the vault's content addresses whose bytes do not hash to their name. */
function misnamedCopies(vault: string): string[] {
  const bad: string[] = [];
  const root = join(vault, 'sha256');
  if (!existsSync(root)) return bad;
  for (const d of readdirSync(root))
    for (const name of readdirSync(join(root, d)))
      if (
        createHash('sha256')
          .update(readFileSync(join(root, d, name)))
          .digest('hex') !== name
      )
        bad.push(name);
  return bad;
}

describe('large-file seal under faults', () => {
  it('a vault disk filling up mid-copy: a French « disque plein » error, nothing left', { timeout: 60_000 }, (ctx) => {
    const out = mountedChildReport<{
      r: { kind: string; code?: string; message?: string };
      leftovers: string[];
      entries: string[];
    }>(ctx, 'seal-pipe-full', {
      fsType: 'tmpfs',
      options: 'size=2m',
      mountPoint: join(dir, 'disque'),
      child: CHILD,
      args: ['full', dir],
      silent: true,
    });
    if (!out) return;
    expect(out.r).toMatchObject({ kind: 'error', code: 'transient' });
    expect(out.r.message).toMatch(/disque plein.*libérez de la place/);
    expect(out.leftovers).toEqual([]);
    expect(out.entries).toEqual([]);
  });

  it('SIGKILL at any moment of a seal never leaves a half copy under a final name', { timeout: 120_000 }, async () => {
    const vault = join(dir, 'coffre');
    const delays = [30, 120, 250, 400, 700, 1100];
    let sealedBeforeKill = 0;
    for (const delay of delays) {
      const child = spawn(process.execPath, ['--import', HOOKS, CHILD, 'loop', dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Killed `delay` ms after its first seal started: mid-read, mid-write, at the fsync…
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes('sealing')) {
            clearInterval(t);
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, delay);
          } else if (child.exitCode !== null) {
            clearInterval(t);
            reject(new Error(`child ended early: ${err}`));
          }
        }, 5);
      });
      await new Promise<void>((resolve) => child.once('exit', () => resolve()));
      sealedBeforeKill += (out.match(/^sealed /gm) ?? []).length;
      // Before any clean-up: whatever is under a content address is whole.
      expect(misnamedCopies(vault)).toEqual([]);
      // The next start purges the temp files a kill left.
      await prepareVault(vault);
      expect(leftoverTempFiles(vault)).toEqual([]);
    }
    // Some kills landed after a complete seal: those copies are there and whole.
    expect(sealedBeforeKill).toBeGreaterThan(0);
  });
});
