// File format identification from content (magic bytes, PDF header/XMP, ZIP directory),
// giving the MIME type and PRONOM identifier the SEDA bordereau declares. Reads only the
// head of the file, plus the ZIP central directory for OOXML/ODF containers.
import { open } from 'node:fs/promises';
import path from 'node:path';

export interface FormatInfo {
  mimeType: string;
  formatId?: string;
  formatName: string;
}

const HEAD_BYTES = 64 * 1024;
const PDF_VERSIONS: Record<string, string> = {
  '1.0': 'fmt/14',
  '1.1': 'fmt/15',
  '1.2': 'fmt/16',
  '1.3': 'fmt/17',
  '1.4': 'fmt/18',
  '1.5': 'fmt/19',
  '1.6': 'fmt/20',
  '1.7': 'fmt/276',
  '2.0': 'fmt/1129',
};
const PDFA: Record<string, string> = {
  '1a': 'fmt/95',
  '1b': 'fmt/354',
  '2a': 'fmt/476',
  '2b': 'fmt/477',
  '2u': 'fmt/478',
  '3a': 'fmt/479',
  '3b': 'fmt/480',
  '3u': 'fmt/480',
};

export const UNKNOWN_FORMAT: FormatInfo = { mimeType: 'application/octet-stream', formatName: 'Format inconnu' };

function pdfFormat(head: Buffer): FormatInfo {
  const text = head.toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(text)?.[1] ?? '';
  const part = /pdfaid:part\s*(?:=\s*["'](\d)["']|>\s*(\d)\s*<)/.exec(text);
  const conf = /pdfaid:conformance\s*(?:=\s*["']([A-Za-z])["']|>\s*([A-Za-z])\s*<)/.exec(text);
  if (part) {
    const p = part[1] ?? part[2] ?? '';
    const c = (conf?.[1] ?? conf?.[2] ?? 'b').toLowerCase();
    const id = PDFA[`${p}${c}`];
    if (id) return { mimeType: 'application/pdf', formatId: id, formatName: `PDF/A-${p}${c}` };
  }
  const id = PDF_VERSIONS[version];
  return id
    ? { mimeType: 'application/pdf', formatId: id, formatName: `Acrobat PDF ${version} - Portable Document Format` }
    : { mimeType: 'application/pdf', formatId: 'fmt/276', formatName: 'Acrobat PDF - Portable Document Format' };
}

/** Names in a ZIP central directory (reads the tail of the file only). */
async function zipEntryNames(filePath: string, size: number): Promise<{ names: string[]; mimetype?: string }> {
  const fh = await open(filePath, 'r');
  try {
    const tailLen = Math.min(size, 65536 + 22);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) return { names: [] };
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      // ZIP64: locator just before the EOCD.
      const loc = eocd - 20;
      if (loc >= 0 && tail.readUInt32LE(loc) === 0x07064b50) {
        const z64 = Number(tail.readBigUInt64LE(loc + 8));
        const rec = Buffer.alloc(56);
        await fh.read(rec, 0, 56, z64);
        cdSize = Number(rec.readBigUInt64LE(40));
        cdOffset = Number(rec.readBigUInt64LE(48));
      }
    }
    const len = Math.min(cdSize, 4 * 1024 * 1024);
    const cd = Buffer.alloc(len);
    await fh.read(cd, 0, len, cdOffset);
    const names: string[] = [];
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return { names };
  } finally {
    await fh.close();
  }
}

function odfFromMimetype(head: Buffer): string | undefined {
  // ODF: first entry is the stored file "mimetype" whose content is the MIME type.
  if (head.toString('latin1', 30, 38) !== 'mimetype') return undefined;
  const m = /^application\/vnd\.oasis\.opendocument\.[a-z.-]+/.exec(head.toString('latin1', 38, 38 + 80));
  return m?.[0];
}

function isMostlyText(head: Buffer): boolean {
  if (!head.length) return false;
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    let bad = 0;
    for (const b of head) if (b < 9 || (b > 13 && b < 32)) bad++;
    return bad / head.length < 0.01;
  }
}

function looksLikeCms(head: Buffer): boolean {
  // DER SEQUENCE then OID 1.2.840.113549.1.7.2 (signedData) near the start.
  if (head[0] !== 0x30) return false;
  const oid = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
  return head.subarray(0, 32).includes(oid);
}

/** Identification from a buffer holding the head of the file (no ZIP directory). */
export function identifyFromHead(head: Buffer, fileName = ''): FormatInfo {
  const ext = path.extname(fileName).toLowerCase();
  const latin = head.toString('latin1', 0, Math.min(head.length, 1024));
  const pdfAt = latin.indexOf('%PDF-');
  if (pdfAt >= 0 && pdfAt < 1024) return pdfFormat(head.subarray(pdfAt));
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mimeType: 'image/png', formatId: 'fmt/13', formatName: 'Portable Network Graphics' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    const exif = latin.slice(0, 64).includes('Exif');
    return exif
      ? { mimeType: 'image/jpeg', formatId: 'fmt/645', formatName: 'Exchangeable Image File Format (Compressed)' }
      : { mimeType: 'image/jpeg', formatId: 'fmt/43', formatName: 'JPEG File Interchange Format' };
  }
  if (latin.startsWith('II*\u0000') || latin.startsWith('MM\u0000*'))
    return { mimeType: 'image/tiff', formatId: 'fmt/353', formatName: 'Tagged Image File Format' };
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    if (ext === '.xls')
      return { mimeType: 'application/vnd.ms-excel', formatId: 'fmt/61', formatName: 'Microsoft Excel 97' };
    return { mimeType: 'application/msword', formatId: 'fmt/40', formatName: 'Microsoft Word 97-2003' };
  }
  if (latin.startsWith('{\\rtf'))
    return { mimeType: 'application/rtf', formatId: 'fmt/355', formatName: 'Rich Text Format' };
  if (looksLikeCms(head))
    return { mimeType: 'application/pkcs7-signature', formatId: 'x-fmt/342', formatName: 'Signature CMS / PKCS#7' };
  if (latin.startsWith('-----BEGIN PKCS7-----') || latin.startsWith('-----BEGIN CMS-----'))
    return {
      mimeType: 'application/pkcs7-signature',
      formatId: 'x-fmt/342',
      formatName: 'Signature CMS / PKCS#7 (PEM)',
    };
  const text = isMostlyText(head);
  const trimmed = head
    .toString('utf8', 0, Math.min(head.length, 512))
    .replace(/^\ufeff/, '')
    .trimStart();
  if (
    text &&
    (trimmed.startsWith('<?xml') || /^<[A-Za-z_][\w:.-]*[\s>/]/.test(trimmed)) &&
    !/^<!doctype html|^<html/i.test(trimmed)
  )
    return { mimeType: 'text/xml', formatId: 'fmt/101', formatName: 'Extensible Markup Language' };
  if (text && /^<!doctype html|^<html/i.test(trimmed))
    return { mimeType: 'text/html', formatId: 'fmt/471', formatName: 'Hypertext Markup Language' };
  if (text && ext === '.csv')
    return { mimeType: 'text/csv', formatId: 'x-fmt/18', formatName: 'Comma Separated Values' };
  if (text) return { mimeType: 'text/plain', formatId: 'x-fmt/111', formatName: 'Plain Text File' };
  return UNKNOWN_FORMAT;
}

function fromZip(names: string[], odfMime: string | undefined): FormatInfo {
  const has = (n: string) => names.includes(n);
  if (odfMime === 'application/vnd.oasis.opendocument.text')
    return { mimeType: odfMime, formatId: 'fmt/290', formatName: 'OpenDocument Text' };
  if (odfMime === 'application/vnd.oasis.opendocument.spreadsheet')
    return { mimeType: odfMime, formatId: 'fmt/294', formatName: 'OpenDocument Spreadsheet' };
  if (odfMime === 'application/vnd.oasis.opendocument.presentation')
    return { mimeType: odfMime, formatId: 'fmt/293', formatName: 'OpenDocument Presentation' };
  if (has('[Content_Types].xml')) {
    if (names.some((n) => n.startsWith('word/')))
      return {
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        formatId: 'fmt/412',
        formatName: 'Microsoft Word (OOXML)',
      };
    if (names.some((n) => n.startsWith('xl/')))
      return {
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        formatId: 'fmt/214',
        formatName: 'Microsoft Excel (OOXML)',
      };
    if (names.some((n) => n.startsWith('ppt/')))
      return {
        mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        formatId: 'fmt/215',
        formatName: 'Microsoft PowerPoint (OOXML)',
      };
  }
  return { mimeType: 'application/zip', formatId: 'x-fmt/263', formatName: 'ZIP Format' };
}

/** Identifies a file from its content; the extension only breaks ties. */
export async function identifyFormat(filePath: string): Promise<FormatInfo> {
  const fh = await open(filePath, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const { names } = await zipEntryNames(filePath, size);
    return fromZip(names, odfFromMimetype(head));
  }
  return identifyFromHead(head, filePath);
}
