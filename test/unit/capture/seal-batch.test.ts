// The durability proof for batched sealing, from a trace of the system calls: for every
// file reported sealed, its data was fdatasync'ed before the rename to its content address,
// and that directory was fsynced after the rename — all before sealBatchSync returned,
// i.e. before anyone can record it. A SIGKILL test cannot show this (the page cache
// survives a killed process), a call trace can.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { OpenMode, Stats } from 'node:fs';

type Call = { op: string; path: string; to?: string };
const trace = vi.hoisted(() => ({
  calls: [] as Array<{ op: string; path: string; to?: string }>,
  fds: new Map<number, string>(),
  failDirFsync: null as string | null,
  failSyncfs: 0,
  growOnStat: null as string | null,
  /** What the failing syncfs says on stderr. */
  syncfsError: 'sync: error syncing: Input/output error',
  /** Runs inside the next syncfs, before it answers (another thread's batch meanwhile). */
  duringSyncfs: null as (() => void) | null,
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const path = (fd: number): string => trace.fds.get(fd) ?? `fd:${fd}`;
  const wrapped = {
    ...fs,
    openSync: ((p: string, flags?: OpenMode, mode?: number) => {
      const fd = fs.openSync(p, flags ?? 'r', mode);
      trace.fds.set(fd, String(p));
      trace.calls.push({ op: `open:${String(flags ?? 'r')}`, path: String(p) });
      return fd;
    }) as typeof fs.openSync,
    closeSync: ((fd: number) => {
      trace.calls.push({ op: 'close', path: path(fd) });
      trace.fds.delete(fd);
      fs.closeSync(fd);
    }) as typeof fs.closeSync,
    writeSync: ((fd: number, ...rest: unknown[]) => {
      trace.calls.push({ op: 'write', path: path(fd) });
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.writeSync,
    fdatasyncSync: ((fd: number) => {
      trace.calls.push({ op: 'fdatasync', path: path(fd) });
      fs.fdatasyncSync(fd);
    }) as typeof fs.fdatasyncSync,
    fsyncSync: ((fd: number) => {
      trace.calls.push({ op: 'fsync', path: path(fd) });
      if (trace.failDirFsync && path(fd) === trace.failDirFsync)
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      fs.fsyncSync(fd);
    }) as typeof fs.fsyncSync,
    renameSync: ((from: string, to: string) => {
      trace.calls.push({ op: 'rename', path: String(from), to: String(to) });
      fs.renameSync(from, to);
    }) as typeof fs.renameSync,
    mkdirSync: ((p: string, o?: unknown) => {
      trace.calls.push({ op: 'mkdir', path: String(p) });
      return (fs.mkdirSync as (...a: unknown[]) => unknown)(p, o);
    }) as typeof fs.mkdirSync,
    statSync: ((p: string, o?: unknown) => {
      const s = (fs.statSync as (...a: unknown[]) => Stats | undefined)(p, o);
      // Simulates a file rewritten between the read and the check.
      if (s && trace.growOnStat === String(p))
        return Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Stats, s, { size: s.size + 1 });
      return s;
    }) as typeof fs.statSync,
  };
  return { ...wrapped, default: wrapped };
});

// syncfs goes through `sync -f <vault>`: traced as one 'syncfs' call, failed on demand.
vi.mock('node:child_process', async (importOriginal) => {
  const cp = await importOriginal<typeof import('node:child_process')>();
  const spawnSync = ((cmd: string, args: string[], o?: unknown) => {
    if (cmd === 'sync' && args[0] === '-f') {
      trace.calls.push({ op: 'syncfs', path: String(args[1]) });
      const failThis = trace.failSyncfs > 0 && --trace.failSyncfs === 0;
      const during = trace.duringSyncfs;
      trace.duringSyncfs = null;
      during?.();
      if (failThis) return { status: 1, stderr: Buffer.from(trace.syncfsError), error: undefined };
    }
    return (cp.spawnSync as (...a: unknown[]) => unknown)(cmd, args, o);
  }) as typeof cp.spawnSync;
  return { ...cp, spawnSync, default: { ...cp, spawnSync } };
});

const fs = await import('node:fs');
const { sealBatchSync, SMALL_FILE_MAX, HEAD_BYTES } = await import('../../../main/core/seal/seal-batch');
const { prepareVault, vaultAbsolutePath, leftoverTempFiles } = await import('../../../main/core/seal/vault');

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let dir: string;
let vaultDir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(join((await import('node:os')).tmpdir(), 'sceau-batch-'));
  vaultDir = join(dir, 'vault');
  await prepareVault(vaultDir);
  trace.calls.length = 0;
  trace.failDirFsync = null;
  trace.failSyncfs = 0;
  trace.growOnStat = null;
  trace.duringSyncfs = null;
  trace.syncfsError = 'sync: error syncing: Input/output error';
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeSources(n: number, prefix = 'f'): { paths: string[]; data: Buffer[] } {
  const paths: string[] = [];
  const data: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const b = randomBytes(1 + ((i * 997) % 9000));
    const p = join(dir, `${prefix}${i}.pdf`);
    fs.writeFileSync(p, b);
    paths.push(p);
    data.push(b);
  }
  return { paths, data };
}

/** One batch into the test's vault (slot w0, SHA-256). */
const seal = (sources: string[], durability: 'per-file' | 'syncfs') =>
  sealBatchSync({ vaultDir, algorithm: 'sha256', slot: 'w0', durability, sources });

const idx = (pred: (c: Call) => boolean, from = 0): number => trace.calls.findIndex((c, i) => i >= from && pred(c));

/**
 * 300 sources and a copy of the eighth in one batch: every file sealed with its own bytes at
 * its content address (the copy finding the first's), the trace left for the caller to read.
 */
function sealSample(durability: 'per-file' | 'syncfs'): void {
  const { paths, data } = writeSources(300);
  fs.writeFileSync(join(dir, 'copie.pdf'), data[7]!);
  const outcomes = seal([...paths, join(dir, 'copie.pdf')], durability);
  expect(outcomes.every((o) => o.kind === 'sealed')).toBe(true);
  const sealed = outcomes.map((o) => (o.kind === 'sealed' ? o : null)!);
  sealed.forEach((o, i) => {
    const bytes = i < 300 ? data[i]! : data[7]!;
    expect(o.result.fingerprint.hex).toBe(sha(bytes));
    expect(o.result.vaultPath).toBe(`sha256/${o.result.fingerprint.hex.slice(0, 2)}/${o.result.fingerprint.hex}`);
    expect(fs.readFileSync(vaultAbsolutePath(vaultDir, o.result.vaultPath)).equals(bytes)).toBe(true);
    expect(Buffer.from(o.head).equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
  });
  // The same bytes twice in one batch: the second finds the first's copy.
  expect(sealed[300]!.result.alreadyInVault).toBe(true);
  expect(sealed[300]!.result.vaultPath).toBe(sealed[7]!.result.vaultPath);
}

describe('sealBatchSync (system-call trace)', () => {
  it('fdatasync → rename → directory fsync for every file, each directory fsynced once, after all renames', () => {
    sealSample('per-file');

    const renames = trace.calls.filter((c) => c.op === 'rename');
    expect(renames).toHaveLength(300);
    const lastRename = trace.calls.lastIndexOf(renames.at(-1)!);
    for (const r of renames) {
      const at = trace.calls.indexOf(r);
      // The temp file: created exclusively, written, fdatasync'ed and closed before its rename.
      const created = idx((c) => c.op === 'open:wx' && c.path === r.path);
      const synced = idx((c) => c.op === 'fdatasync' && c.path === r.path, created);
      const closed = idx((c) => c.op === 'close' && c.path === r.path, synced);
      expect(created).toBeGreaterThanOrEqual(0);
      expect(idx((c) => c.op === 'write' && c.path === r.path, created)).toBeLessThan(synced);
      expect(synced).toBeGreaterThan(created);
      expect(closed).toBeGreaterThan(synced);
      expect(closed).toBeLessThan(at);
      // Its directory is fsynced after the batch's last rename.
      expect(idx((c) => c.op === 'fsync' && c.path === dirname(r.to!), lastRename)).toBeGreaterThan(lastRename);
    }
    // One fsync per directory, never per file.
    const dirSyncs = trace.calls.filter((c) => c.op === 'fsync').map((c) => c.path);
    expect(new Set(dirSyncs).size).toBe(dirSyncs.length);
    const targetDirs = new Set(renames.map((r) => dirname(r.to!)));
    for (const d of targetDirs) expect(dirSyncs).toContain(d);
    // New folders: their parents' entries are made durable too.
    expect(dirSyncs).toContain(join(vaultDir, 'sha256'));
    expect(dirSyncs).toContain(vaultDir);
    expect(dirSyncs.length).toBe(targetDirs.size + 2);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });

  it('a second batch into known folders: no mkdir, no parent fsync, no stat storm', () => {
    seal(writeSources(300, 'a').paths, 'per-file');
    // New contents whose prefix folder the first batch already made.
    const known = new Set(fs.readdirSync(join(vaultDir, 'sha256')));
    const paths: string[] = [];
    while (paths.length < 50) {
      const b = randomBytes(4096);
      if (!known.has(sha(b).slice(0, 2))) continue;
      const p = join(dir, `b${paths.length}.pdf`);
      fs.writeFileSync(p, b);
      paths.push(p);
    }
    trace.calls.length = 0;
    const outcomes = seal(paths, 'per-file');
    expect(outcomes.every((o) => o.kind === 'sealed')).toBe(true);
    expect(trace.calls.filter((c) => c.op === 'mkdir')).toEqual([]);
    const dirSyncs = trace.calls.filter((c) => c.op === 'fsync').map((c) => c.path);
    expect(dirSyncs).not.toContain(vaultDir);
    expect(dirSyncs).not.toContain(join(vaultDir, 'sha256'));
    // Per file: open/close of the source, open/write/fdatasync/close of the temp, one rename.
    expect(trace.calls.filter((c) => c.op.startsWith('open') && !dirSyncs.includes(c.path))).toHaveLength(100);
  });

  it('a failed directory fsync: nothing of the batch is reported sealed', () => {
    const { paths } = writeSources(20);
    trace.failDirFsync = join(vaultDir, 'sha256');
    const outcomes = seal(paths, 'per-file');
    // EIO passes by itself: 'transient', which the capture service retries on its own.
    expect(outcomes.every((o) => o.kind === 'error' && o.code === 'transient')).toBe(true);
    expect(outcomes[0]).toMatchObject({
      message: expect.stringMatching(/Erreur matérielle .* il sera repris/) as unknown,
    });
    // The folders whose entry may not be durable are not remembered: the next batch redoes them.
    trace.failDirFsync = null;
    trace.calls.length = 0;
    const again = seal(paths, 'per-file');
    expect(again.every((o) => o.kind === 'sealed')).toBe(true);
    expect(trace.calls.filter((c) => c.op === 'fsync').map((c) => c.path)).toContain(join(vaultDir, 'sha256'));
  });

  it('vanished, too large, changed while read: reported, never sealed, no temp file left', () => {
    const big = join(dir, 'gros.pdf');
    fs.writeFileSync(big, Buffer.alloc(SMALL_FILE_MAX + 1));
    const moving = join(dir, 'bouge.pdf');
    fs.writeFileSync(moving, 'version 1');
    trace.growOnStat = moving;
    const outcomes = seal([join(dir, 'absent.pdf'), big, moving], 'per-file');
    expect(outcomes[0]).toMatchObject({ kind: 'error', code: 'vanished' });
    expect(outcomes[1]).toEqual({ kind: 'retry', reason: 'large' });
    expect(outcomes[2]).toEqual({ kind: 'retry', reason: 'changed' });
    expect(trace.calls.filter((c) => c.op === 'rename')).toEqual([]);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });
});

describe('sealBatchSync with syncfs (system-call trace)', () => {
  it('every copy written at its address and closed, then ONE syncfs, the last call — no temp file, no rename, no per-file fdatasync', () => {
    sealSample('syncfs');

    const syncs = trace.calls.map((c, i) => (c.op === 'syncfs' ? i : -1)).filter((i) => i >= 0);
    expect(syncs).toHaveLength(1);
    expect(trace.calls[syncs[0]!]!.path).toBe(vaultDir);
    // The barrier is the batch's last call: nothing is reported sealed before it.
    expect(syncs[0]!).toBe(trace.calls.length - 1);
    // Each of the 300 contents created exclusively at its address, written and closed before the barrier.
    const creates = trace.calls.filter((c) => c.op === 'open:wx');
    expect(creates).toHaveLength(300);
    for (const c of creates) {
      expect(c.path.startsWith(join(vaultDir, 'sha256'))).toBe(true);
      const at = trace.calls.indexOf(c);
      const wrote = idx((x) => x.op === 'write' && x.path === c.path, at);
      const closed = idx((x) => x.op === 'close' && x.path === c.path, at);
      expect(wrote).toBeGreaterThan(at);
      expect(closed).toBeGreaterThan(wrote);
      expect(closed).toBeLessThan(syncs[0]!);
    }
    expect(trace.calls.filter((c) => c.op === 'rename')).toEqual([]);
    expect(trace.calls.filter((c) => c.op === 'fdatasync' || c.op === 'fsync')).toEqual([]);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });

  it('a vault folder removed between two batches (by hand, a cleaning tool) is made again', () => {
    const first = writeSources(30, 'p');
    expect(seal(first.paths, 'syncfs').every((o) => o.kind === 'sealed')).toBe(true);
    fs.rmSync(join(vaultDir, 'sha256'), { recursive: true });
    const second = writeSources(30, 'q');
    const outcomes = seal(second.paths, 'syncfs');
    expect(outcomes.every((o) => o.kind === 'sealed')).toBe(true);
    second.data.forEach((b) =>
      expect(fs.readFileSync(join(vaultDir, 'sha256', sha(b).slice(0, 2), sha(b))).equals(b)).toBe(true),
    );
    expect(trace.calls.at(-1)!.op).toBe('syncfs');
  });

  it('a failed syncfs: nothing of the batch is reported sealed, its copies are removed, a retry writes them anew', () => {
    const { paths, data } = writeSources(20, 's');
    trace.failSyncfs = 1;
    const outcomes = seal(paths, 'syncfs');
    expect(outcomes.every((o) => o.kind === 'error' && o.code === 'transient')).toBe(true);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
    // A later syncfs would not report this error again: the copies must not be trusted.
    for (const b of data) expect(fs.existsSync(join(vaultDir, 'sha256', sha(b).slice(0, 2), sha(b)))).toBe(false);
    const again = seal(paths, 'syncfs');
    expect(again.every((o) => o.kind === 'sealed')).toBe(true);
  });
});

describe('a barrier that fails because the disk is full (review, LOW)', () => {
  it('is told as a full disk, not as a hardware error, and retried', () => {
    const { paths } = writeSources(3, 'plein');
    trace.failSyncfs = 1;
    trace.syncfsError = 'sync: error syncing /vault: No space left on device';
    const outcomes = seal(paths, 'syncfs');
    for (const o of outcomes) {
      expect(o).toMatchObject({ kind: 'error', code: 'transient' });
      if (o.kind === 'error') {
        expect(o.message).not.toMatch(/matériel/i);
        expect(o.message).toMatch(/plein|espace/i);
      }
    }
  });
});

describe('two workers, the same bytes, the first barrier failing (review of the syncfs batch)', () => {
  it('the second batch never takes the first’s copy while it waits for its barrier: its own copy survives the first’s failure', () => {
    // Worker 1 writes T at its address and waits in its syncfs; worker 2 seals the same bytes,
    // finds T, and its own barrier succeeds; then worker 1's barrier fails and it removes what
    // it wrote. Before: worker 2 had taken T as is (« already in vault »), recorded, and T was gone.
    const { paths, data } = writeSources(1, 'a');
    const twin = join(dir, 'jumeau.pdf');
    fs.writeFileSync(twin, data[0]!);
    let second: ReturnType<typeof seal> = [];
    trace.failSyncfs = 1;
    trace.duringSyncfs = () => {
      second = sealBatchSync({ vaultDir, algorithm: 'sha256', slot: 'w1', durability: 'syncfs', sources: [twin] });
    };
    const first = seal(paths, 'syncfs');
    expect(first[0]!.kind).toBe('error');
    expect(second[0]!.kind).toBe('sealed');
    const address = join(vaultDir, 'sha256', sha(data[0]!).slice(0, 2), sha(data[0]!));
    expect(fs.existsSync(address)).toBe(true);
    expect(fs.readFileSync(address).equals(data[0]!)).toBe(true);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });
});

// A crash (power cut) before a batch's barrier can leave a copy at its content address whose
// bytes never reached the disk: same name, same size, other bytes. Nothing recorded it, but a
// later seal of the same content must not take it for the good copy.
describe('a damaged copy already at the content address', () => {
  for (const durability of ['syncfs', 'per-file'] as const) {
    it(`${durability}: same size, other bytes → replaced by the good bytes, then reported sealed`, () => {
      const { paths, data } = writeSources(3);
      const first = seal(paths, durability);
      // A copy is trusted as it is once a barrier begun after it was written has succeeded
      // (seal/barrier-clock.ts): a later batch, as in real use.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 80);
      seal(writeSources(1, 'plus-tard').paths, durability);
      const target = (i: number): string => {
        const o = first[i]!;
        if (o.kind !== 'sealed') throw new Error('not sealed');
        return vaultAbsolutePath(vaultDir, o.result.vaultPath);
      };
      // What a lost write leaves: zeros (delayed allocation), or stale bytes of the same length.
      fs.writeFileSync(target(0), Buffer.alloc(data[0]!.length));
      fs.writeFileSync(target(1), Buffer.from(data[1]!).fill(7, 0, 3));
      trace.calls.length = 0;
      const again = seal(paths, durability);
      expect(again.map((o) => o.kind)).toEqual(['sealed', 'sealed', 'sealed']);
      for (let i = 0; i < 3; i++) expect(fs.readFileSync(target(i)).equals(data[i]!)).toBe(true);
      // The intact copy is trusted as it is: not rewritten.
      expect(trace.calls.filter((c) => c.op === 'rename').map((c) => c.to)).not.toContain(target(2));
      if (durability === 'syncfs') {
        // The good bytes are durable (barrier) before they replace the damaged copy, and the
        // replacement is durable (barrier) before the batch returns.
        const renames = trace.calls.map((c, i) => (c.op === 'rename' ? i : -1)).filter((i) => i >= 0);
        const syncs = trace.calls.map((c, i) => (c.op === 'syncfs' ? i : -1)).filter((i) => i >= 0);
        expect(renames).toHaveLength(2);
        expect(syncs).toHaveLength(2);
        expect(syncs[0]!).toBeLessThan(renames[0]!);
        expect(syncs[1]!).toBe(trace.calls.length - 1);
      }
      expect(leftoverTempFiles(vaultDir)).toEqual([]);
    });
  }

  it('syncfs: the second barrier (after a replacement) fails → nothing of the batch is reported sealed', () => {
    const { paths, data } = writeSources(4, 'r');
    const first = seal(paths, 'syncfs');
    expect(first.every((o) => o.kind === 'sealed')).toBe(true);
    const target = join(vaultDir, 'sha256', sha(data[0]!).slice(0, 2), sha(data[0]!));
    fs.writeFileSync(target, Buffer.alloc(data[0]!.length));
    trace.failSyncfs = 2;
    const outcomes = seal(paths, 'syncfs');
    expect(outcomes.every((o) => o.kind === 'error' && o.code === 'transient')).toBe(true);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
    const again = seal(paths, 'syncfs');
    expect(again.every((o) => o.kind === 'sealed')).toBe(true);
    expect(fs.readFileSync(target).equals(data[0]!)).toBe(true);
  });
});

describe('a failed barrier never removes a copy another barrier has covered (review rev1, HIGH)', () => {
  const address = (b: Buffer): string => join(vaultDir, 'sha256', sha(b).slice(0, 2), sha(b));
  const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  // Worker 1 writes X at its address and is slow to reach its barrier; worker 2 meanwhile seals
  // other files (its barrier, begun after X was written, succeeds: X is on disk), then the same
  // bytes as X, takes X as it is and records it. Before: worker 1's barrier then failed and it
  // removed X, the recorded document's only copy.
  it('the first barrier fails after another batch’s barrier covered the copy: the copy stays', () => {
    const { paths, data } = writeSources(1, 'x');
    const twin = join(dir, 'jumeau.pdf');
    fs.writeFileSync(twin, data[0]!);
    const other = writeSources(2, 'autre').paths;
    let taken: ReturnType<typeof seal> = [];
    trace.failSyncfs = 1;
    trace.duringSyncfs = () => {
      sleep(80);
      const side = (sources: string[]) =>
        sealBatchSync({ vaultDir, algorithm: 'sha256', slot: 'w1', durability: 'syncfs', sources });
      expect(side(other).every((o) => o.kind === 'sealed')).toBe(true);
      taken = side([twin]);
    };
    const first = seal(paths, 'syncfs');
    expect(first[0]!.kind).toBe('error');
    expect(taken[0]).toMatchObject({ kind: 'sealed', result: { alreadyInVault: true } });
    expect(fs.existsSync(address(data[0]!))).toBe(true);
    expect(fs.readFileSync(address(data[0]!)).equals(data[0]!)).toBe(true);
    // The failed batch's own files are retried, and find the durable copy.
    const again = seal(paths, 'syncfs');
    expect(again[0]).toMatchObject({ kind: 'sealed' });
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });

  it('the second barrier (after a replacement) fails: the copies its first barrier made durable stay', () => {
    const damaged = writeSources(1, 'abime');
    expect(seal(damaged.paths, 'syncfs')[0]!.kind).toBe('sealed');
    sleep(80);
    seal(writeSources(1, 'plus-tard').paths, 'syncfs');
    fs.writeFileSync(address(damaged.data[0]!), Buffer.alloc(damaged.data[0]!.length));
    const { paths, data } = writeSources(1, 'x');
    const twin = join(dir, 'jumeau.pdf');
    fs.writeFileSync(twin, data[0]!);
    const other = writeSources(2, 'autre').paths;
    let taken: ReturnType<typeof seal> = [];
    trace.failSyncfs = 2;
    trace.duringSyncfs = () => {
      // Barrier 1 of the first batch is running: the next syncfs is its barrier 2.
      trace.duringSyncfs = () => {
        sleep(80);
        const side = (sources: string[]) =>
          sealBatchSync({ vaultDir, algorithm: 'sha256', slot: 'w1', durability: 'syncfs', sources });
        expect(side(other).every((o) => o.kind === 'sealed')).toBe(true);
        taken = side([twin]);
      };
    };
    const first = seal([...paths, ...damaged.paths], 'syncfs');
    expect(first.every((o) => o.kind === 'error')).toBe(true);
    expect(taken[0]).toMatchObject({ kind: 'sealed', result: { alreadyInVault: true } });
    expect(fs.readFileSync(address(data[0]!)).equals(data[0]!)).toBe(true);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });
});

describe('a staged replacement cleared from .tmp before its rename (review rev1, LOW)', () => {
  it('retried later (transient), told in French without the raw ENOENT', () => {
    const { paths, data } = writeSources(1, 'r');
    expect(seal(paths, 'syncfs')[0]!.kind).toBe('sealed');
    const target = join(vaultDir, 'sha256', sha(data[0]!).slice(0, 2), sha(data[0]!));
    fs.writeFileSync(target, Buffer.alloc(data[0]!.length));
    // Another Sceau starting on the same data folder clears .tmp (prepareVault) during barrier 1.
    trace.duringSyncfs = () => {
      const tmp = join(vaultDir, '.tmp', 'w0');
      for (const f of fs.readdirSync(tmp)) fs.unlinkSync(join(tmp, f));
    };
    const [o] = seal(paths, 'syncfs');
    expect(o).toMatchObject({ kind: 'error', code: 'transient' });
    if (o?.kind === 'error') expect(o.message).not.toMatch(/ENOENT|no such file/);
    const [again] = seal(paths, 'syncfs');
    expect(again!.kind).toBe('sealed');
    expect(fs.readFileSync(target).equals(data[0]!)).toBe(true);
  });
});

describe('a worker that fell back to per-file durability and one on syncfs (review rev1, MEDIUM)', () => {
  it('the per-file batch never takes the syncfs batch’s copy before a barrier covers it', () => {
    // Each worker probes syncfs once; a probe that met a write-back error leaves that worker on
    // per-file durability while the other writes copies at their addresses before its barrier.
    // Before: the per-file batch took such a copy as it was (its bytes matched), recorded it,
    // and the syncfs batch's failed barrier then removed it.
    const { paths, data } = writeSources(1, 'a');
    const twin = join(dir, 'jumeau.pdf');
    fs.writeFileSync(twin, data[0]!);
    let second: ReturnType<typeof seal> = [];
    trace.failSyncfs = 1;
    trace.duringSyncfs = () => {
      second = sealBatchSync({ vaultDir, algorithm: 'sha256', slot: 'w1', durability: 'per-file', sources: [twin] });
    };
    const first = seal(paths, 'syncfs');
    expect(first[0]!.kind).toBe('error');
    expect(second[0]!.kind).toBe('sealed');
    const address = join(vaultDir, 'sha256', sha(data[0]!).slice(0, 2), sha(data[0]!));
    expect(fs.existsSync(address)).toBe(true);
    expect(fs.readFileSync(address).equals(data[0]!)).toBe(true);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });
});
