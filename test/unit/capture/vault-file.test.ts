import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealFile } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';
import {
  chunkBuffers,
  createVaultFile,
  directIoAvailable,
  DIRECT_ALIGN,
  DIRECT_IO_MIN_BYTES,
} from '../../../main/core/seal/vault-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-vault-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Whether the test folder's file system accepts O_DIRECT at all (tmpfs before Linux 6.6 does not). */
function fileSystemDoesDirectIo(): boolean {
  if (!directIoAvailable()) return false;
  const probe = join(dir, 'probe');
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | (constants as { O_DIRECT: number }).O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('vault file writer', () => {
  it('aligned chunks go direct, an unaligned tail through the page cache; bytes and size exact', async () => {
    const direct = fileSystemDoesDirectIo();
    const chunks = chunkBuffers(2, 1024 * 1024, true);
    expect(chunks.aligned).toBe(typeof WebAssembly === 'object');
    const data = randomBytes(2 * 1024 * 1024 + 777);
    const path = join(dir, 'copie.part');
    const w = await createVaultFile(path, true);
    try {
      // Two positional writes in flight at once, then the short tail.
      const [a, b] = chunks.buffers as [Buffer, Buffer];
      data.copy(a, 0, 0, 1024 * 1024);
      data.copy(b, 0, 1024 * 1024, 2 * 1024 * 1024);
      await Promise.all([w.write(a, 0), w.write(b, 1024 * 1024)]);
      data.copy(a, 0, 2 * 1024 * 1024);
      await w.write(a.subarray(0, 777), 2 * 1024 * 1024);
      await w.sync();
    } finally {
      await w.close();
      chunks.release();
    }
    expect(w.wroteDirect).toBe(direct);
    expect(readFileSync(path).equals(data)).toBe(true);
  });

  it('a buffer O_DIRECT refuses (misaligned address) is written through the page cache instead', async () => {
    const memory = new WebAssembly.Memory({ initial: 32 });
    const misaligned = Buffer.from(memory.buffer, 1, 64 * DIRECT_ALIGN);
    randomBytes(misaligned.length).copy(misaligned);
    const path = join(dir, 'refus.part');
    const w = await createVaultFile(path, true);
    try {
      await w.write(misaligned, 0);
      // Once refused, later (aligned) writes stay on the page cache: no mixing per chunk.
      const aligned = Buffer.from(memory.buffer, 1024 * 1024, DIRECT_ALIGN);
      aligned.fill(7);
      await w.write(aligned, misaligned.length);
      await w.sync();
    } finally {
      await w.close();
    }
    expect(w.wroteDirect).toBe(false);
    const got = readFileSync(path);
    expect(got.subarray(0, misaligned.length).equals(misaligned)).toBe(true);
    expect(got.subarray(misaligned.length).equals(Buffer.alloc(DIRECT_ALIGN, 7))).toBe(true);
  });

  it('never overwrites an existing file', async () => {
    const path = join(dir, 'deja.part');
    writeFileSync(path, 'x');
    await expect(createVaultFile(path, true)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(createVaultFile(path, false)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('x');
  });
});

describe('sealFile on large files (pipelined, direct I/O)', () => {
  // Sizes around every boundary: the direct threshold, the 1 MiB chunk, the 4 KiB alignment.
  const sizes = [
    DIRECT_IO_MIN_BYTES,
    DIRECT_IO_MIN_BYTES + 1,
    DIRECT_IO_MIN_BYTES - 1,
    5 * 1024 * 1024 + DIRECT_ALIGN - 1,
    9 * 1024 * 1024 + 517,
  ];
  for (const size of sizes) {
    for (const worker of [false, true]) {
      it(`${size} bytes, ${worker ? 'worker thread' : 'in-thread'}: vault copy byte-exact, fingerprint of the copy`, async () => {
        const vault = join(dir, 'vault');
        await prepareVault(vault);
        const data = randomBytes(size);
        const src = join(dir, 'registre.pdf');
        writeFileSync(src, data);
        const progress: number[] = [];
        const r = await sealFile(src, vault, {
          workerThreshold: worker ? 1 : Infinity,
          onProgress: (bytes) => progress.push(bytes),
        });
        expect(r.size).toBe(size);
        expect(r.fingerprint.hex).toBe(sha(data));
        const copy = readFileSync(vaultAbsolutePath(vault, r.vaultPath));
        expect(copy.equals(data)).toBe(true);
        expect(progress.at(-1)).toBe(size);
        expect(leftoverTempFiles(vault)).toEqual([]);
      });
    }
  }

  it('direct and buffered writes give the same vault copy for the same file', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 3);
    const src = join(dir, 'marche.zip');
    writeFileSync(src, data);
    const a = join(dir, 'vault-a');
    const b = join(dir, 'vault-b');
    await prepareVault(a);
    await prepareVault(b);
    const ra = await sealFile(src, a, { directIo: true });
    const rb = await sealFile(src, b, { directIo: false });
    expect(ra.fingerprint).toEqual(rb.fingerprint);
    expect(
      readFileSync(vaultAbsolutePath(a, ra.vaultPath)).equals(readFileSync(vaultAbsolutePath(b, rb.vaultPath))),
    ).toBe(true);
  });
});
