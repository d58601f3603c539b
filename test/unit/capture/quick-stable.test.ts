// The quick look that lets dropped files skip the stability delay: a recent file is taken
// at once only when two stats agree and no process holds it open for writing (real
// processes holding real descriptors, read from /proc).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heldForWriting, quickStable } from '../../../main/core/capture/quick-stable';
import { localFileSystems, statMany } from '../../../main/core/capture/stat-many';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-quick-'));
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A shell that opens `file` on descriptor 3 (`<` read, `>>` append) and keeps it open. */
function holder(file: string, mode: '<' | '>>'): Promise<void> {
  const c = spawn('sh', ['-c', `exec 3${mode}"$1"; echo ready; exec sleep 60`, 'sh', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(c);
  return new Promise((resolve, reject) => {
    c.stdout!.once('data', () => resolve());
    c.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('quickStable', () => {
  it('takes a complete recent file at once, not one a process holds open for writing', async () => {
    const done = join(dir, 'fini.pdf');
    const read = join(dir, 'lu.pdf');
    const written = join(dir, 'en-cours.pdf');
    const old = join(dir, 'ancien.pdf');
    for (const f of [done, read, written, old]) writeFileSync(f, 'x'.repeat(100));
    // Untouched for longer than the delay: as the slow path would say at its first look.
    utimesSync(old, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await holder(read, '<');
    await holder(written, '>>');
    await holder(old, '>>');

    expect([...(await heldForWriting(new Set([done, read, written, old])))].sort()).toEqual([old, written].sort());
    const stable = await quickStable(
      [done, read, written, old].map((path) => ({ path })),
      2_000,
    );
    expect([...stable.keys()].sort()).toEqual([done, read, old].sort());
    expect(stable.get(done)).toMatchObject({ size: 100 });
  });

  it('a missing file or a folder is not taken (the slow path says what it is)', async () => {
    const stable = await quickStable([{ path: join(dir, 'absent.pdf') }, { path: dir }], 2_000);
    expect(stable.size).toBe(0);
  });
});

describe('statMany', () => {
  it('answers every file in order, null for the missing ones, links followed only when asked', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => join(dir, `f${i}.pdf`));
    files.forEach((f, i) => writeFileSync(f, 'x'.repeat(i % 7)));
    const link = join(dir, 'lien.pdf');
    symlinkSync(files[5]!, link);
    const targets = [
      ...files.map((path) => ({ path })),
      { path: join(dir, 'absent.pdf') },
      { path: link },
      { path: link, followLink: true },
    ];
    // The same answers whether the file system is taken as local (synchronous slices) or as a
    // share (the thread pool from the start).
    const share = `//serveur/partage ${dir} cifs rw 0 0\n`;
    expect(localFileSystems(targets, share)).toBe(false);
    for (const stats of [await statMany(targets), await statMany(targets, share)]) {
      expect(stats).toHaveLength(targets.length);
      files.forEach((_, i) => expect(stats[i]?.size).toBe(i % 7));
      expect(stats[3000]).toBeNull();
      expect(stats[3001]?.isSymbolicLink()).toBe(true);
      expect(stats[3002]?.isFile()).toBe(true);
    }
  });

  it('synchronous stats only on a file system known to be local: never on a share, a UNC path or an unknown mount', () => {
    const local = '/dev/vda / ext4 rw 0 0\n';
    const files = [{ path: '/home/mairie/Actes/a.pdf' }, { path: '/home/mairie/Actes/b.pdf' }];
    expect(localFileSystems(files, local)).toBe(true);
    // One file of the drop on a share (a dead one would hold the engine's thread for the network timeout).
    const mixed = `${local}//nas/actes /mnt/actes cifs rw 0 0\nnas:/export /mnt/nfs nfs4 rw 0 0\n`;
    expect(localFileSystems([...files, { path: '/mnt/actes/c.pdf' }], mixed)).toBe(false);
    expect(localFileSystems([{ path: '/mnt/nfs/d.pdf' }], mixed)).toBe(false);
    expect(localFileSystems(files, mixed)).toBe(true);
    expect(localFileSystems([{ path: '\\\\serveur\\actes\\e.pdf' }], local)).toBe(false);
    // No mount covers the path: unknown, so not taken as local.
    expect(localFileSystems(files, '/dev/vdb /srv ext4 rw 0 0\n')).toBe(false);
  });
});
