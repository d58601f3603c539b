// DROID container signatures: OOXML, ODF and friends inside a ZIP, Word/Excel/Outlook inside
// an OLE2 compound file. A container signature names files that must exist in the container,
// some with a binary signature on their first bytes. Reads are bounded: the ZIP central
// directory (≤ 4 MiB), the first 16 KiB (compressed) of a named entry inflated to ≤ 1 MiB, and
// for OLE2 the header, FAT sectors and directory chain it needs (≤ 4,096 sectors).
import { constants, inflateRawSync } from 'node:zlib';
import { compileInternalSignature, signatureMatches, type InternalSignature } from './signatures';
import { kid, kids, type XNode } from './xml-lite';

/** Random access to the file being identified. */
export interface FileReader {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** Files inside a container: their names, and the first bytes of one on demand. */
export interface ContainerView {
  has(path: string): boolean;
  content(path: string): Promise<Buffer | null>;
}

/** Each entry read (and inflated) once however many signatures look at it. */
function cached(view: ContainerView): ContainerView {
  const seen = new Map<string, Promise<Buffer | null>>();
  return {
    has: (path) => view.has(path),
    content(path) {
      let c = seen.get(path);
      if (!c) seen.set(path, (c = view.content(path)));
      return c;
    },
  };
}

interface ContainerFile {
  path: string;
  signatures: InternalSignature[];
}

export interface ContainerSignature {
  id: string;
  type: 'ZIP' | 'OLE2';
  description: string;
  files: ContainerFile[];
  puids: string[];
  /** Files plus binary sub-sequences: the more, the more specific (breaks ties). */
  weight: number;
}

export interface ContainerData {
  signatures: ContainerSignature[];
  /** Binary PUIDs that make a file worth opening as each container type. */
  triggers: Map<string, 'ZIP' | 'OLE2'>;
}

const CONTENT_BYTES = 64 * 1024;

export function loadContainers(root: XNode): ContainerData {
  const mapping = kid(root, 'ContainerSignatureMapping');
  const puids = new Map<string, string[]>();
  for (const m of kids(kid(mapping, 'FileFormatMappings'), 'FileFormatMapping')) {
    const id = m.attrs.signatureId ?? '';
    puids.set(id, [...(puids.get(id) ?? []), m.attrs.Puid ?? '']);
  }
  const signatures: ContainerSignature[] = [];
  for (const cs of kids(kid(mapping, 'ContainerSignatures'), 'ContainerSignature')) {
    const type = cs.attrs.ContainerType;
    if (type !== 'ZIP' && type !== 'OLE2') continue;
    const files = kids(kid(cs, 'Files'), 'File').map((f) => ({
      path: kid(f, 'Path')?.text.trim() ?? '',
      signatures: kids(kid(kid(f, 'BinarySignatures'), 'InternalSignatureCollection'), 'InternalSignature').map((n) =>
        compileInternalSignature(n),
      ),
    }));
    const weight = files.reduce(
      (n, f) => n + 1 + f.signatures.reduce((k, s) => k + s.sequences.reduce((j, q) => j + q.subs.length, 0), 0),
      0,
    );
    signatures.push({
      id: cs.attrs.Id ?? '',
      type,
      description: kid(cs, 'Description')?.text ?? '',
      files,
      puids: puids.get(cs.attrs.Id ?? '') ?? [],
      weight,
    });
  }
  const triggers = new Map<string, 'ZIP' | 'OLE2'>();
  for (const t of kids(kid(mapping, 'TriggerPuids'), 'TriggerPuid'))
    if (t.attrs.ContainerType === 'ZIP' || t.attrs.ContainerType === 'OLE2')
      triggers.set(t.attrs.Puid ?? '', t.attrs.ContainerType);
  return { signatures, triggers };
}

/** The container signatures that match, most specific first. */
export async function matchContainer(
  data: ContainerData,
  type: 'ZIP' | 'OLE2',
  view: ContainerView,
): Promise<ContainerSignature[]> {
  const found: ContainerSignature[] = [];
  for (const sig of data.signatures) {
    if (sig.type !== type || !sig.files.every((f) => view.has(f.path))) continue;
    let ok = true;
    for (const f of sig.files) {
      if (f.signatures.length === 0) continue;
      const content = await view.content(f.path);
      const w = content ? { head: content, tail: content, size: content.length } : null;
      if (!w || !f.signatures.some((s) => signatureMatches(s, w))) {
        ok = false;
        break;
      }
    }
    if (ok) found.push(sig);
  }
  return found.sort((a, b) => b.weight - a.weight);
}

// ── ZIP ───────────────────────────────────────────────────────────────────────────────

interface ZipEntry {
  method: number;
  compressedSize: number;
  offset: number;
}

export async function zipView(file: FileReader, tail: Buffer): Promise<ContainerView | null> {
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return null;
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if ((cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const rec = await file.read(Number(tail.readBigUInt64LE(eocd - 12)), 56);
    if (rec.length === 56) {
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
  }
  const cd = await file.read(cdOffset, Math.min(cdSize, 4 * 1024 * 1024));
  const entries = new Map<string, ZipEntry>();
  for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    entries.set(cd.toString('utf8', p + 46, p + 46 + nameLen), {
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      offset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return cached({
    has: (path) => entries.has(path),
    async content(path) {
      const e = entries.get(path);
      if (!e) return null;
      const local = await file.read(e.offset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) return null;
      const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (e.method === 0) return file.read(start, Math.min(e.compressedSize, CONTENT_BYTES));
      if (e.method !== 8) return null;
      const packed = await file.read(start, Math.min(e.compressedSize, 16 * 1024));
      try {
        // Partial input is fine (sync flush); the output cap refuses a decompression bomb.
        return inflateRawSync(packed, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 });
      } catch {
        return null;
      }
    },
  });
}

// ── OLE2 (compound file) ───────────────────────────────────────────────────────────────

const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTORS = 4096;

export async function ole2View(file: FileReader, head: Buffer): Promise<ContainerView | null> {
  if (head.length < 512 || head.readUInt32LE(0) !== 0xe011cfd0) return null;
  const shift = head.readUInt16LE(30);
  const miniShift = head.readUInt16LE(32);
  if (shift < 9 || shift > 12 || miniShift !== 6) return null;
  const sectorSize = 1 << shift;
  const perFat = sectorSize / 4;
  const difat: number[] = [];
  for (let i = 0; i < 109; i++) difat.push(head.readUInt32LE(76 + i * 4));
  let difatSector = head.readUInt32LE(68);
  for (let n = 0; difatSector < END_OF_CHAIN && n < 64; n++) {
    const s = await file.read((difatSector + 1) * sectorSize, sectorSize);
    if (s.length < sectorSize) break;
    for (let i = 0; i < perFat - 1; i++) difat.push(s.readUInt32LE(i * 4));
    difatSector = s.readUInt32LE(sectorSize - 4);
  }
  const fatCache = new Map<number, Buffer>();
  const next = async (sector: number): Promise<number> => {
    const fatIndex = Math.floor(sector / perFat);
    const fatSector = difat[fatIndex];
    if (fatSector === undefined || fatSector >= END_OF_CHAIN) return END_OF_CHAIN;
    let fat = fatCache.get(fatIndex);
    if (!fat) {
      fat = await file.read((fatSector + 1) * sectorSize, sectorSize);
      fatCache.set(fatIndex, fat);
    }
    return (sector % perFat) * 4 + 4 <= fat.length ? fat.readUInt32LE((sector % perFat) * 4) : END_OF_CHAIN;
  };
  /** The first `limit` bytes of a chain of regular sectors. */
  const readChain = async (first: number, limit: number): Promise<Buffer> => {
    const parts: Buffer[] = [];
    let got = 0;
    for (let s = first, n = 0; s < END_OF_CHAIN && got < limit && n < MAX_SECTORS; n++) {
      const part = await file.read((s + 1) * sectorSize, sectorSize);
      parts.push(part);
      got += part.length;
      s = await next(s);
    }
    return Buffer.concat(parts).subarray(0, limit);
  };

  const dir = await readChain(head.readUInt32LE(48), MAX_SECTORS * sectorSize);
  interface Entry {
    name: string;
    type: number;
    left: number;
    right: number;
    child: number;
    start: number;
    size: number;
  }
  const entries: Entry[] = [];
  for (let p = 0; p + 128 <= dir.length; p += 128) {
    const nameLen = Math.min(dir.readUInt16LE(p + 64), 64);
    entries.push({
      // DROID's paths drop the control characters some names start with ("\u0001CompObj").
      name: [...dir.toString('utf16le', p, p + Math.max(0, nameLen - 2))].filter((c) => c >= ' ').join(''),
      type: dir[p + 66]!,
      left: dir.readUInt32LE(p + 68),
      right: dir.readUInt32LE(p + 72),
      child: dir.readUInt32LE(p + 76),
      start: dir.readUInt32LE(p + 116),
      size: dir.readUInt32LE(p + 120),
    });
  }
  const root = entries[0];
  if (!root || root.type !== 5) return null;
  const paths = new Map<string, Entry>();
  const seen = new Set<number>();
  const walk = (index: number, prefix: string): void => {
    if (index >= entries.length || seen.has(index)) return;
    seen.add(index);
    const e = entries[index]!;
    const path = `${prefix}${e.name}`;
    paths.set(path, e);
    walk(e.left, prefix);
    walk(e.right, prefix);
    if (e.type === 1) walk(e.child, `${path}/`);
  };
  walk(root.child, '');

  const cutoff = head.readUInt32LE(56);
  let miniStream: Buffer | null = null;
  let miniFat: Buffer | null = null;
  return cached({
    has: (path) => paths.has(path),
    async content(path) {
      const e = paths.get(path);
      if (!e || e.type !== 2) return null;
      const limit = Math.min(e.size, CONTENT_BYTES);
      if (e.size >= cutoff) return readChain(e.start, limit);
      // Small streams live in the mini stream (64-byte sectors, chained by the mini FAT).
      miniStream ??= await readChain(root.start, Math.min(root.size, 4 * 1024 * 1024));
      miniFat ??= await readChain(head.readUInt32LE(60), head.readUInt32LE(64) * sectorSize);
      const parts: Buffer[] = [];
      let got = 0;
      for (let s = e.start, n = 0; s < END_OF_CHAIN && got < limit && n < 65536; n++) {
        const part = miniStream.subarray(s * 64, s * 64 + 64);
        if (part.length === 0) break;
        parts.push(part);
        got += part.length;
        s = s * 4 + 4 <= miniFat.length ? miniFat.readUInt32LE(s * 4) : END_OF_CHAIN;
      }
      return Buffer.concat(parts).subarray(0, limit);
    },
  });
}
