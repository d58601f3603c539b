// A file named on the command line (`@fichier`, --seda-profile, a classification file) is read
// up to a bound, never whole: a device that never ends (/dev/zero) or a huge file given by
// mistake would take all the memory. Also works on a pipe (`@/dev/stdin`, `<(…)`).
import { closeSync, openSync, readSync } from 'node:fs';

/** The file's bytes, or null when it holds more than `maxBytes`; throws when it cannot be read. */
export function readBounded(file: string, maxBytes: number): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > maxBytes) return null;
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
