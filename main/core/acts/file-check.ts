// Files that deserve a human look before they leave (« à vérifier »): an empty file, a « .pdf »
// that is no PDF (no %PDF header) or that stops short (no %%EOF at its end, a copy cut off).
// Called from the capture's record step; a file that cannot be read again is not judged.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CHECK_REASONS } from '../../contract/messages';
import type { MetadataVerdict } from '../../contract/acts/completeness';

/** PDF readers accept the header within the first 1 KiB and %%EOF within the last 1 KiB. */
const WINDOW = 1024;

/** The reason a file needs a look, or null. `tail`: its last bytes, when they could be read. */
export function fileCheckReason(fileName: string, size: number, head: Buffer, tail: Buffer | null): string | null {
  if (size === 0) return CHECK_REASONS.empty;
  if (!/\.pdf$/i.test(fileName)) return null;
  if (!head.subarray(0, WINDOW).includes('%PDF-')) return CHECK_REASONS.notPdf;
  if (tail && !tail.includes('%%EOF')) return CHECK_REASONS.truncatedPdf;
  return null;
}

/** The last bytes of a file, if it still has the sealed size (else it changed: do not judge). */
export function readTail(file: string, sealedSize: number): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size !== sealedSize) return null;
    const n = Math.min(WINDOW, size);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    return buf;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The capture's verdict, held back with the reason when the file needs a look. */
export function withFileCheck(
  verdict: MetadataVerdict,
  c: { sourcePath: string; seal: { size: number }; head: Buffer; tail?: Buffer },
  fileName: string,
): MetadataVerdict {
  const size = c.seal.size;
  // The tail comes from the seal's own read when it had it; else it is read (one small read),
  // only for a PDF whose head is sound.
  let reason = fileCheckReason(fileName, size, c.head, null);
  if (!reason && size > 0 && /\.pdf$/i.test(fileName))
    reason = fileCheckReason(fileName, size, c.head, c.tail ?? readTail(c.sourcePath, size));
  if (!reason) return verdict;
  return { ...verdict, complete: false, reason: verdict.reason ? `${verdict.reason} ${reason}` : reason };
}
