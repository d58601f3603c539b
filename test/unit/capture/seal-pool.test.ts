// The seal pool end to end, with real worker threads.
import { waitForValue } from '../../tools/wait';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SealPool,
  SMALL_FILE_MAX,
  HEAD_BYTES,
  TAIL_BYTES,
  type SmallSealOutcome,
} from '../../../main/core/seal/seal-pool';
import { workerEntry } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';

let dir: string;
let vaultDir: string;
let pool: SealPool;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-pool-'));
  vaultDir = join(dir, 'vault');
  await prepareVault(vaultDir);
  pool = new SealPool(workerEntry()!, { workers: 2, maxBatchFiles: 50 });
});
afterEach(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('SealPool', () => {
  it('seals hundreds of files in batches across workers; bytes, digests and heads match', async () => {
    const data = Array.from({ length: 400 }, (_, i) =>
      i === 399 ? Buffer.from('') : randomBytes(1 + ((i * 7919) % 20000)),
    );
    data[398] = data[3]!; // identical content
    const paths = data.map((b, i) => {
      const p = join(dir, `acte-${i}.pdf`);
      writeFileSync(p, b);
      return p;
    });
    const outcomes = await Promise.all(
      paths.map((source, i) => pool.seal({ source, vaultDir, algorithm: 'sha256', sizeHint: data[i]!.length })),
    );
    outcomes.forEach((o, i) => {
      expect(o.kind, paths[i]).toBe('sealed');
      if (o.kind !== 'sealed') return;
      expect(o.result.fingerprint.hex).toBe(sha(data[i]!));
      expect(o.result.size).toBe(data[i]!.length);
      expect(readFileSync(vaultAbsolutePath(vaultDir, o.result.vaultPath)).equals(data[i]!)).toBe(true);
      expect(Buffer.from(o.head).equals(data[i]!.subarray(0, HEAD_BYTES))).toBe(true);
      // The end of the sealed bytes comes back too (the PDF end check reads nothing again).
      if (data[i]!.length > HEAD_BYTES)
        expect(Buffer.from(o.tail!).equals(data[i]!.subarray(data[i]!.length - TAIL_BYTES))).toBe(true);
      else expect(o.tail).toBeUndefined();
    });
    const dup = [outcomes[3], outcomes[398]] as Array<Extract<SmallSealOutcome, { kind: 'sealed' }>>;
    expect(dup[0]!.result.vaultPath).toBe(dup[1]!.result.vaultPath);
    expect(dup.filter((o) => o.result.alreadyInVault)).toHaveLength(1);
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });

  it('sha512, a vanished file and a file larger than announced', async () => {
    const small = join(dir, 'petit.pdf');
    writeFileSync(small, 'petit acte');
    const big = join(dir, 'gros.pdf');
    writeFileSync(big, Buffer.alloc(SMALL_FILE_MAX + 10));
    const [a, b, c] = await Promise.all([
      pool.seal({ source: small, vaultDir, algorithm: 'sha512', sizeHint: 10 }),
      pool.seal({ source: join(dir, 'absent.pdf'), vaultDir, algorithm: 'sha256', sizeHint: 1 }),
      pool.seal({ source: big, vaultDir, algorithm: 'sha256', sizeHint: 1 }),
    ]);
    expect(a).toMatchObject({
      kind: 'sealed',
      result: { fingerprint: { algorithm: 'sha512', hex: createHash('sha512').update('petit acte').digest('hex') } },
    });
    expect(b).toMatchObject({ kind: 'error', code: 'vanished' });
    expect(b.kind === 'error' && b.message).toMatch(/a disparu/);
    expect(c).toEqual({ kind: 'retry', reason: 'large' });
  });

  it('workers started ahead (warm) with nothing to seal still stop once idle (review)', async () => {
    // A folder dropped again, every file already sealed: warm() started them, no batch followed.
    const idle = new SealPool(workerEntry()!, { workers: 2, idleMs: 150 });
    try {
      idle.warm(vaultDir);
      expect(idle.liveWorkers).toBe(2);
      await waitForValue('the idle workers stopped', async () => (idle.liveWorkers === 0 ? true : null), 5_000);
    } finally {
      await idle.close();
    }
  });

  it('close() answers what is still queued with "retry"', async () => {
    const p = join(dir, 'x.pdf');
    writeFileSync(p, 'x');
    const pending = pool.seal({ source: p, vaultDir, algorithm: 'sha256', sizeHint: 1 });
    await pool.close();
    expect(await pending).toEqual({ kind: 'retry', reason: 'pool' });
  });

  it('a burst starts with small batches: the first files come back while the rest are still being sealed', async () => {
    // One worker and a 512-file budget: without a ramp the first 512 would come back together.
    const one = new SealPool(workerEntry()!, { workers: 1, maxBatchFiles: 512 });
    try {
      const paths = Array.from({ length: 600 }, (_, i) => {
        const p = join(dir, `r-${i}.pdf`);
        writeFileSync(p, randomBytes(100));
        return p;
      });
      const settled = new Set<number>();
      let pendingWhenFirst = -1;
      const all = paths.map((source, i) =>
        one.seal({ source, vaultDir, algorithm: 'sha256', sizeHint: 100 }).then((o) => {
          settled.add(i);
          // Once the first file's whole batch is counted (its answers settle in one turn).
          if (i === 0) setImmediate(() => (pendingWhenFirst = paths.length - settled.size));
          return o;
        }),
      );
      const outcomes = await Promise.all(all);
      expect(outcomes.every((o) => o.kind === 'sealed')).toBe(true);
      // The first batch is small: most of the burst is still in flight when it comes back.
      expect(pendingWhenFirst).toBeGreaterThan(500);
    } finally {
      await one.close();
    }
  });
});
