// The two-thread seal of large files (seal-pipe.ts: a seal worker hashes from a shared ring,
// the calling thread reads into it and writes the vault copy), run with a small ring so that
// every file here wraps around it many times: the vault copy must be byte-exact and be what was hashed,
// whatever the size, and a file that changes while it is read must never be recorded as read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealFile, sealInWorker, SealError } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';

let dir: string;
let vault: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-seal-pipe-'));
  vault = join(dir, 'coffre');
  await prepareVault(vault);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const CHUNK = 64 * 1024;
/** 4 slots of 64 KiB: most chunks are read after the ring has wrapped. */
const PIPE = { chunkBytes: CHUNK, slots: 4 };

/** Every copy under the vault's content addresses holds the bytes its name says. */
function vaultCopiesMatchTheirNames(): number {
  let n = 0;
  const root = join(vault, 'sha256');
  for (const d of readdirSync(root))
    for (const name of readdirSync(join(root, d))) {
      expect(sha(readFileSync(join(root, d, name)))).toBe(name);
      n++;
    }
  return n;
}

describe('two-thread seal (hashing worker + reading and writing caller)', () => {
  const sizes = [2 * CHUNK, 2 * CHUNK + 1, 4 * CHUNK, 5 * CHUNK - 1, 37 * CHUNK + 4095, 3 * 1024 * 1024 + 17];
  for (const size of sizes) {
    it(`${size} bytes: vault copy byte-exact, fingerprint of the copy, progress to the end`, async () => {
      const data = randomBytes(size);
      const src = join(dir, 'registre.pdf');
      writeFileSync(src, data);
      const progress: number[] = [];
      const r = await sealFile(src, vault, {
        workerThreshold: 1,
        pipeline: PIPE,
        onProgress: (bytes) => progress.push(bytes),
      });
      expect(r.size).toBe(size);
      expect(r.fingerprint.hex).toBe(sha(data));
      expect(readFileSync(vaultAbsolutePath(vault, r.vaultPath)).equals(data)).toBe(true);
      expect(progress.at(-1)).toBe(size);
      expect(leftoverTempFiles(vault)).toEqual([]);
    });
  }

  it('the default ring (16 × 2 MiB), wrapped twice: direct and buffered copies identical', async () => {
    const data = randomBytes(80 * 1024 * 1024 + 517);
    const src = join(dir, 'marche.zip');
    writeFileSync(src, data);
    const direct = await sealFile(src, vault, { workerThreshold: 1, directIo: true });
    const other = join(dir, 'coffre-b');
    await prepareVault(other);
    const buffered = await sealFile(src, other, { workerThreshold: 1, directIo: false });
    expect(direct.fingerprint.hex).toBe(sha(data));
    expect(buffered.fingerprint).toEqual(direct.fingerprint);
    expect(readFileSync(vaultAbsolutePath(vault, direct.vaultPath)).equals(data)).toBe(true);
    expect(readFileSync(vaultAbsolutePath(other, buffered.vaultPath)).equals(data)).toBe(true);
  });

  it('a file growing during the read is sealed again; the fingerprint is the vault copy’s', async () => {
    const src = join(dir, 'growing.bin');
    writeFileSync(src, randomBytes(8 * 1024 * 1024));
    let appends = 0;
    const timer = setInterval(() => {
      if (appends++ < 3) appendFileSync(src, randomBytes(1024));
    }, 1);
    const r = await sealFile(src, vault, { workerThreshold: 1, pipeline: PIPE, retryDelayMs: 30, maxAttempts: 10 });
    clearInterval(timer);
    const copy = readFileSync(vaultAbsolutePath(vault, r.vaultPath));
    expect(sha(copy)).toBe(r.fingerprint.hex);
    expect(copy.length).toBe(r.size);
    expect(copy.equals(readFileSync(src))).toBe(true);
    expect(leftoverTempFiles(vault)).toEqual([]);
  });

  it('a file rewritten in place (same size) while read is never sealed with mixed bytes', async () => {
    const size = 16 * 1024 * 1024;
    const src = join(dir, 'rewritten.bin');
    writeFileSync(src, randomBytes(size));
    const fd = openSync(src, 'r+');
    let writes = 0;
    const timer = setInterval(() => {
      if (writes++ < 5) writeSync(fd, randomBytes(4096), 0, 4096, Math.floor(Math.random() * (size / 4096)) * 4096);
    }, 2);
    try {
      const r = await sealFile(src, vault, { workerThreshold: 1, pipeline: PIPE, retryDelayMs: 40, maxAttempts: 20 });
      clearInterval(timer);
      const copy = readFileSync(vaultAbsolutePath(vault, r.vaultPath));
      expect(sha(copy)).toBe(r.fingerprint.hex);
      // The seal that succeeded read the file as it is now: no half-old, half-new copy.
      expect(copy.equals(readFileSync(src))).toBe(true);
    } finally {
      clearInterval(timer);
      closeSync(fd);
    }
    expect(vaultCopiesMatchTheirNames()).toBe(1);
    expect(leftoverTempFiles(vault)).toEqual([]);
  });

  it('a file that never stops changing ends « unstable », in French, with no copy and no temp file', async () => {
    const src = join(dir, 'busy.bin');
    writeFileSync(src, randomBytes(12 * 1024 * 1024));
    const fd = openSync(src, 'r+');
    const timer = setInterval(() => writeSync(fd, randomBytes(512), 0, 512, 0), 1);
    try {
      const err = await sealFile(src, vault, {
        workerThreshold: 1,
        pipeline: PIPE,
        retryDelayMs: 5,
        maxAttempts: 3,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SealError);
      expect((err as SealError).code).toBe('unstable');
      expect((err as SealError).message).toMatch(/a changé pendant sa lecture/);
    } finally {
      clearInterval(timer);
      closeSync(fd);
    }
    expect(leftoverTempFiles(vault)).toEqual([]);
    expect(readdirSync(vault).filter((n) => n !== '.tmp')).toEqual([]);
  });

  it('a vanished file gives the French « disparu » error from the worker', async () => {
    const err = await sealFile(join(dir, 'absent.pdf'), vault, { workerThreshold: 0, pipeline: PIPE }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SealError);
    expect((err as SealError).code).toBe('vanished');
  });

  it('the hashing worker dying mid-file fails the seal: no vault copy, no temp file', async () => {
    const src = join(dir, 'registre.pdf');
    writeFileSync(src, randomBytes(40 * CHUNK));
    const dying = new URL('./fixtures/dying-hasher.ts', import.meta.url);
    const err = await sealInWorker(dying, src, vault, { pipeline: PIPE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SealError);
    expect((err as SealError).message).toMatch(/scellement de .*registre\.pdf/);
    expect(leftoverTempFiles(vault)).toEqual([]);
    expect(readdirSync(vault).filter((n) => n !== '.tmp')).toEqual([]);
  });
});
