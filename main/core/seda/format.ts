// File format identification for the SEDA bordereau (MIME type, PRONOM identifier), by
// The National Archives' own signatures: the DROID signature file and container signatures
// shipped in assets/pronom/ (Open Government Licence, see its LISEZMOI). Reads the first and
// last 64 KiB of a file, plus, for ZIP and OLE2 containers, their directory and the few
// entries a container signature names. Text with no signature is plain text (or CSV).
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { assetsDir } from '../assets';
import {
  loadContainers,
  matchContainer,
  ole2View,
  zipView,
  type ContainerData,
  type FileReader,
} from './pronom/containers';
import { parseXmlLite } from './pronom/xml-lite';
import {
  applyPriorities,
  hasPair,
  loadFormats,
  matchSignature,
  type InternalSignature,
  requiredPair,
  type PronomFormat,
  type Window,
} from './pronom/signatures';

export interface FormatInfo {
  mimeType: string;
  formatId?: string;
  formatName: string;
}

export const UNKNOWN_FORMAT: FormatInfo = { mimeType: 'application/octet-stream', formatName: 'Format inconnu' };

const WINDOW_BYTES = 64 * 1024;
export const DROID_SIGNATURE_FILE = 'DROID_SignatureFile_V118.xml';
export const CONTAINER_SIGNATURE_FILE = 'container-signature-20240501.xml';

/** MIME types PRONOM lists several of, or none, for formats our bordereaux declare. */
const MIME_CHOICE: Record<string, string> = {
  'fmt/101': 'text/xml',
  'fmt/670': 'application/pkcs7-signature',
  'x-fmt/430': 'application/vnd.ms-outlook',
  'fmt/950': 'message/rfc822',
};

interface Candidate {
  format: PronomFormat;
  signature: InternalSignature;
}

interface Pronom {
  byPuid: Map<string, PronomFormat>;
  /** Signatures whose first byte sits at a fixed offset: by offset, then by that byte. */
  fixed: Array<{ offset: number; byByte: Candidate[][] }>;
  /** The others (BOF at a range of offsets, EOF or variable only) with no pair they need. */
  general: Candidate[];
  /** The others again, by a byte pair every match contains: tried only when it is there. */
  generalByPair: Array<{ key: number; anywhere: boolean; list: Candidate[] }>;
  containers: ContainerData;
}

let loaded: Pronom | null = null;

/** The byte every match must have at a fixed offset (start of its first BOF sub-sequence). */
function fixedFirstByte(sig: InternalSignature): { offset: number; byte: number } | null {
  const bof = sig.sequences[0]?.reference === 'BOF' ? sig.sequences[0].subs[0] : undefined;
  if (!bof || bof.min !== bof.max) return null;
  if (!bof.left.length) return bof.lead ? { offset: bof.min, byte: bof.lead[0]! } : null;
  const far = bof.left.at(-1)!;
  const t = far.length === 1 && far[0]!.tokens[0]?.kind === 'bytes' ? far[0]!.tokens[0].tests[0] : undefined;
  return t && !t.not && t.mask === undefined && t.lo === t.hi ? { offset: bof.min, byte: t.lo } : null;
}

function pronom(): Pronom {
  if (loaded) return loaded;
  const dir = path.join(assetsDir(), 'pronom');
  const formats = loadFormats(
    parseXmlLite(readFileSync(path.join(dir, DROID_SIGNATURE_FILE), 'utf8'), ['Shift', 'DefaultShift']),
  );
  const containers = loadContainers(parseXmlLite(readFileSync(path.join(dir, CONTAINER_SIGNATURE_FILE), 'utf8')));
  const fixed = new Map<number, Candidate[][]>();
  const general: Candidate[] = [];
  const byPair = new Map<string, { key: number; anywhere: boolean; list: Candidate[] }>();
  for (const format of formats)
    for (const signature of format.signatures) {
      const key = fixedFirstByte(signature);
      if (!key) {
        const pair = requiredPair(signature);
        if (!pair) general.push({ format, signature });
        else {
          const id = `${pair.key}:${pair.anywhere}`;
          const group = byPair.get(id) ?? { ...pair, list: [] };
          byPair.set(id, group);
          group.list.push({ format, signature });
        }
        continue;
      }
      if (!fixed.has(key.offset))
        fixed.set(
          key.offset,
          Array.from({ length: 256 }, () => []),
        );
      fixed.get(key.offset)![key.byte]!.push({ format, signature });
    }
  loaded = {
    byPuid: new Map(formats.map((f) => [f.puid, f])),
    fixed: [...fixed.entries()].sort((x, y) => x[0] - y[0]).map(([offset, byByte]) => ({ offset, byByte })),
    general,
    generalByPair: [...byPair.values()],
    containers,
  };
  return loaded;
}

/**
 * Binary-signature matches: `all` before priorities (a ZIP or OLE2 match there opens the
 * container, as DROID does), `best` after them, extension matches first.
 */
function binaryMatches(w: Window, ext: string): { all: PronomFormat[]; best: PronomFormat[] } {
  const p = pronom();
  w.memo ??= new Map();
  const found = new Set<PronomFormat>();
  const endless = new Set<PronomFormat>();
  const lists: Candidate[][] = [];
  for (const f of p.fixed) {
    if (f.offset >= w.head.length) break;
    const list = f.byByte[w.head[f.offset]!]!;
    if (list.length) lists.push(list);
  }
  lists.push(p.general);
  for (const g of p.generalByPair)
    if (hasPair(w.head, g.key) || (g.anywhere && w.tail !== w.head && hasPair(w.tail, g.key))) lists.push(g.list);
  for (const list of lists)
    for (const c of list) {
      if (found.has(c.format)) continue;
      const outcome = matchSignature(c.signature, w);
      if (outcome === 'match') found.add(c.format);
      else if (outcome === 'eof-miss') endless.add(c.format);
    }
  // A file cut short (or a minimal sample) loses its end marker: then the signatures that
  // matched all but their EOF sequences count.
  const all = [...(found.size ? found : endless)];
  const best = applyPriorities(all).sort(
    (a, b) => Number(b.extensions.includes(ext)) - Number(a.extensions.includes(ext)),
  );
  return { all, best };
}

function isMostlyText(head: Uint8Array): boolean {
  if (!head.length || head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    let bad = 0;
    for (const b of head) if (b < 9 || (b > 13 && b < 32)) bad++;
    return bad / head.length < 0.01;
  }
}

function info(format: PronomFormat): FormatInfo {
  const mime = MIME_CHOICE[format.puid] ?? format.mime.split(',')[0]?.trim();
  return {
    mimeType: mime || 'application/octet-stream',
    formatId: format.puid,
    formatName: [format.name, format.version].filter(Boolean).join(' ').trim() || format.puid,
  };
}

function textFallback(head: Uint8Array, ext: string): FormatInfo {
  if (!isMostlyText(head)) return UNKNOWN_FORMAT;
  const f = pronom().byPuid.get(ext === '.csv' ? 'x-fmt/18' : 'x-fmt/111');
  return f ? info(f) : UNKNOWN_FORMAT;
}

/** Identification from bytes already in memory (the whole file, or its head). */
export function identifyFromHead(head: Buffer, fileName = ''): FormatInfo {
  const ext = path.extname(fileName).toLowerCase();
  const best = binaryMatches({ head, tail: head, size: head.length }, ext.slice(1)).best[0];
  return best ? info(best) : textFallback(head, ext);
}

/**
 * Identifies a file from its content (extension only breaks ties between equal matches).
 * Synchronous reads of at most 128 KiB plus a container's directory: the vault copy is on a
 * local disk, and a thread-pool round trip per read would cost more than the read itself.
 */
export async function identifyFormat(filePath: string): Promise<FormatInfo> {
  const fd = openSync(filePath, 'r');
  try {
    const read = (offset: number, length: number, size = Infinity): Buffer => {
      const len = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.allocUnsafe(len);
      return buf.subarray(0, len ? readSync(fd, buf, 0, len, offset) : 0);
    };
    const size = fstatSync(fd).size;
    // Small files (most) are read whole; larger ones by their two ends.
    const whole = size <= 2 * WINDOW_BYTES;
    const head = read(0, whole ? size : WINDOW_BYTES, size);
    const tail = whole ? head : read(size - WINDOW_BYTES, WINDOW_BYTES, size);
    const ext = path.extname(filePath).toLowerCase();
    const { all, best } = binaryMatches({ head, tail, size }, ext.slice(1));
    const file: FileReader = { size, read: (offset, length) => Promise.resolve(read(offset, length, size)) };
    const { containers, byPuid } = pronom();
    const type = all.map((f) => containers.triggers.get(f.puid)).find(Boolean);
    if (type) {
      const view = type === 'ZIP' ? await zipView(file, tail) : await ole2View(file, head);
      const hit = view ? (await matchContainer(containers, type, view))[0] : undefined;
      const format = hit?.puids.map((p) => byPuid.get(p)).find(Boolean);
      if (format) return info(format);
    }
    return best[0] ? info(best[0]) : textFallback(head, ext);
  } finally {
    closeSync(fd);
  }
}
