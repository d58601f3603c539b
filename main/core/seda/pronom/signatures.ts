// DROID internal (binary) signatures: compiled once from the PRONOM signature file, then
// matched against the head and tail of a file. A signature matches when all its byte
// sequences do (BOF-anchored, EOF-anchored, or anywhere); a format matches when one of its
// signatures does; formats another match has priority over are dropped (DROID's rules).
import { compilePattern, literalOf, matchAt, minLength, reverseTokens, type Token } from './pattern';
import { kid, kids, type XNode } from './xml-lite';

/** A fragment beside the anchor: its bytes and the gap between it and its inner neighbour. */
export interface Fragment {
  tokens: Token[];
  reversed: Token[];
  min: number;
  max: number;
}

/**
 * DROID's compiled sub-sequence: an anchor found by search, then left fragments (nearest
 * first, alternatives per position) matched leftwards, right fragments rightwards.
 */
export interface SubSequence {
  anchor: Token[];
  anchorLen: number;
  /** Exact leading bytes of the anchor, to jump between candidates with indexOf. */
  lead: Buffer | null;
  left: Fragment[][];
  right: Fragment[][];
  /** Widest the left (right) fragments can reach from the anchor: bounds the search. */
  leftSpan: number;
  rightSpan: number;
  /** Offsets of the whole sub-sequence (from BOF/previous end, or to EOF). */
  min: number;
  max: number;
  /** Longest exact run in the anchor: a necessary condition, checked before wide searches. */
  literal: Buffer | null;
  /** A search over many positions (worth the literal check first). */
  wide: boolean;
}

export interface ByteSequence {
  reference: 'BOF' | 'EOF' | 'VAR';
  subs: SubSequence[];
}

export interface InternalSignature {
  id: string;
  sequences: ByteSequence[];
}

export interface PronomFormat {
  id: string;
  puid: string;
  name: string;
  version: string;
  mime: string;
  extensions: string[];
  signatures: InternalSignature[];
  priorityOver: Set<string>;
}

/** The file's bytes we hold: its head (from offset 0) and tail (ending at `size`). */
export interface Window {
  head: Uint8Array;
  tail: Uint8Array;
  size: number;
  /** Results of byte sequences shared by several signatures (compiled once, tested once). */
  memo?: Map<ByteSequence, boolean>;
}

const num = (v: string | undefined, fallback: number): number => (v === undefined || v === '' ? fallback : Number(v));

function fragments(ss: XNode, name: string): Fragment[][] {
  const groups = new Map<number, Fragment[]>();
  for (const f of kids(ss, name)) {
    const p = num(f.attrs.Position, 1);
    const tokens = compilePattern(f.text);
    const frag = {
      tokens,
      reversed: reverseTokens(tokens),
      min: num(f.attrs.MinOffset, 0),
      max: num(f.attrs.MaxOffset, 0),
    };
    groups.set(p, [...(groups.get(p) ?? []), frag]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

export function compileSubSequence(ss: XNode): SubSequence {
  const anchor = compilePattern(kid(ss, 'Sequence')?.text ?? '');
  const first = anchor[0];
  let lead: Buffer | null = null;
  if (first?.kind === 'bytes') {
    const exact: number[] = [];
    for (const t of first.tests) {
      if (t.not || t.mask !== undefined || t.lo !== t.hi) break;
      exact.push(t.lo);
    }
    if (exact.length) lead = Buffer.from(exact);
  }
  const left = fragments(ss, 'LeftFragment');
  const right = fragments(ss, 'RightFragment');
  const span = (groups: Fragment[][]): number =>
    groups.reduce((n, g) => n + Math.max(...g.map((f) => f.max + minLength(f.tokens))), 0);
  return {
    anchor,
    anchorLen: minLength(anchor),
    lead,
    left,
    right,
    leftSpan: span(left),
    rightSpan: span(right),
    min: num(ss.attrs.SubSeqMinOffset, 0),
    max: num(ss.attrs.SubSeqMaxOffset, Infinity),
    literal: literalOf(anchor),
    wide: false,
  };
}

const ORDER = { BOF: 0, VAR: 1, EOF: 2 } as const;

/**
 * `shared`: byte sequences already compiled, by their XML: many signatures repeat one (every
 * PDF flavour starts with the same "%PDF-1." window), so it is compiled and tested once.
 */
export function compileInternalSignature(node: XNode, shared?: Map<string, ByteSequence>): InternalSignature {
  return {
    id: node.attrs.ID ?? '',
    sequences: kids(node, 'ByteSequence')
      .map((bs): ByteSequence => {
        const key = shared ? JSON.stringify(bs) : '';
        const known = shared?.get(key);
        if (known) return known;
        const reference =
          bs.attrs.Reference === 'BOFoffset' ? 'BOF' : bs.attrs.Reference === 'EOFoffset' ? 'EOF' : 'VAR';
        const subs = kids(bs, 'SubSequence')
          .sort((a, b) => num(a.attrs.Position, 1) - num(b.attrs.Position, 1))
          .map(compileSubSequence);
        // A variable sequence may start anywhere: only its order matters.
        if (reference === 'VAR') for (const sub of subs) sub.max = Infinity;
        for (const sub of subs) sub.wide = sub.max - sub.min + sub.leftSpan + sub.rightSpan > 64;
        const seq: ByteSequence = { reference, subs };
        shared?.set(key, seq);
        return seq;
      })
      .sort((a, b) => ORDER[a.reference] - ORDER[b.reference]),
  };
}

/** Left fragments from `pos` leftwards: start of the leftmost one, or -1. */
/**
 * (group, position) pairs already known to fail during the current matchSubAt: fragments with
 * gaps and alternatives would otherwise retry the same tails over and over (exponential).
 */
const failed = new Set<number>();

function matchLeft(groups: Fragment[][], gi: number, buf: Uint8Array, pos: number): number {
  if (gi === groups.length) return pos;
  const key = -(gi * (buf.length + 1) + pos) - 1;
  if (failed.has(key)) return -1;
  for (const f of groups[gi]!)
    for (let g = f.min; g <= f.max && pos - g >= 0; g++) {
      const start = matchAt(f.reversed, buf, pos - g, -1);
      if (start < 0) continue;
      const r = matchLeft(groups, gi + 1, buf, start);
      if (r >= 0) return r;
    }
  failed.add(key);
  return -1;
}

/** Right fragments from `pos` rightwards: end of the rightmost one, or -1. */
function matchRight(groups: Fragment[][], gi: number, buf: Uint8Array, pos: number): number {
  if (gi === groups.length) return pos;
  const key = gi * (buf.length + 1) + pos;
  if (failed.has(key)) return -1;
  for (const f of groups[gi]!)
    for (let g = f.min; g <= f.max && pos + g <= buf.length; g++) {
      const end = matchAt(f.tokens, buf, pos + g, 1);
      if (end < 0) continue;
      const r = matchRight(groups, gi + 1, buf, end);
      if (r >= 0) return r;
    }
  failed.add(key);
  return -1;
}

/** Start of the last match found by matchSubAt (no tuple allocated per candidate). */
let matchStart = -1;

/** The sub-sequence with its anchor at `a`: end of the whole (start in matchStart), or -1. */
function matchSubAt(sub: SubSequence, buf: Uint8Array, a: number): number {
  const anchorEnd = matchAt(sub.anchor, buf, a, 1);
  if (anchorEnd < 0) return -1;
  if (failed.size) failed.clear();
  const start = sub.left.length ? matchLeft(sub.left, 0, buf, a) : a;
  if (start < 0) return -1;
  matchStart = start;
  return sub.right.length ? matchRight(sub.right, 0, buf, anchorEnd) : anchorEnd;
}

/** Next candidate anchor position at or after `a` (indexOf on the exact lead), or -1. */
function nextCandidate(sub: SubSequence, buf: Uint8Array, a: number): number {
  if (!sub.lead || !sub.wide) return a < buf.length ? a : -1;
  return Buffer.prototype.indexOf.call(buf, sub.lead, a);
}

/** Forward search from `from`: end of the first placement that fits, or -1. */
function findForward(sub: SubSequence, buf: Uint8Array, from: number): number {
  const lo = from + sub.min;
  const hi = from + sub.max; // bound on the sub-sequence's start
  if (lo > buf.length) return -1;
  // The anchor lies at most leftSpan after the start: past that, stop.
  const last = hi + sub.leftSpan;
  for (let a = nextCandidate(sub, buf, lo); a >= 0 && a <= last; a = nextCandidate(sub, buf, a + 1)) {
    const end = matchSubAt(sub, buf, a);
    if (end >= 0 && matchStart >= lo && matchStart <= hi) return end;
  }
  return -1;
}

/** Backward search: start of a placement ending `min`..`max` bytes before `from`, or -1. */
function findBackward(sub: SubSequence, buf: Uint8Array, from: number): number {
  const endLo = from - sub.max;
  const endHi = from - sub.min;
  if (endHi < 0) return -1;
  for (let a = Math.min(endHi - sub.anchorLen, buf.length - 1); a >= 0; a--) {
    if (sub.lead && sub.wide) {
      a = Buffer.prototype.lastIndexOf.call(buf, sub.lead, a);
      if (a < 0) return -1;
    }
    const end = matchSubAt(sub, buf, a);
    if (end >= 0 && end >= endLo && end <= endHi) return matchStart;
    if (a + sub.anchorLen + sub.rightSpan < endLo) return -1;
  }
  return -1;
}

/**
 * Byte pairs present in a buffer, for the last two buffers looked at (head and tail): most
 * absent needles stop here without a native indexOf. Stamped, never cleared: an entry is
 * present when it holds the slot's current stamp.
 */
const pairSlots = [
  { buf: null as Uint8Array | null, stamp: 0, table: new Uint32Array(65536 + 256) },
  { buf: null as Uint8Array | null, stamp: 0, table: new Uint32Array(65536 + 256) },
];
let nextSlot = 0;
let stamps = 0;

function pairsOf(buf: Uint8Array): { table: Uint32Array; stamp: number } {
  if (pairSlots[0]!.buf === buf) return pairSlots[0]!;
  if (pairSlots[1]!.buf === buf) return pairSlots[1]!;
  const slot = pairSlots[nextSlot]!;
  nextSlot = 1 - nextSlot;
  slot.buf = buf;
  slot.stamp = ++stamps;
  if (stamps === 0xffffffff) {
    for (const s of pairSlots) s.table.fill(0);
    stamps = slot.stamp = 1;
  }
  const { table, stamp } = slot;
  for (let i = 0; i < buf.length; i++) {
    table[65536 + buf[i]!] = stamp;
    if (i + 1 < buf.length) table[(buf[i]! << 8) | buf[i + 1]!] = stamp;
  }
  return slot;
}

/**
 * A byte pair every match of the signature must contain (in the head for a start sequence,
 * head or tail for a variable one), as a 16-bit key; null when none is known. Lets the
 * caller skip, with one table lookup, signatures that cannot match a file.
 */
export function requiredPair(sig: InternalSignature): { key: number; anywhere: boolean } | null {
  for (const seq of sig.sequences) {
    if (seq.reference === 'EOF') continue;
    for (const sub of seq.subs) {
      const needle = sub.literal ?? sub.lead;
      if (needle && needle.length >= 2)
        return { key: (needle[0]! << 8) | needle[1]!, anywhere: seq.reference === 'VAR' };
    }
  }
  return null;
}

/** Whether the byte pair `key` occurs in `buf` (the table `contains` uses). */
export function hasPair(buf: Uint8Array, key: number): boolean {
  const { table, stamp } = pairsOf(buf);
  return table[key] === stamp;
}

/** Whether `needle` occurs in `buf`: the pair table first, indexOf only when it may. */
function contains(buf: Uint8Array, needle: Uint8Array): boolean {
  const { table, stamp } = pairsOf(buf);
  if (needle.length === 1) return table[65536 + needle[0]!] === stamp;
  for (let i = 0; i + 1 < needle.length; i++) if (table[(needle[i]! << 8) | needle[i + 1]!] !== stamp) return false;
  return Buffer.prototype.indexOf.call(buf, needle) >= 0;
}

function literalsPresent(seq: ByteSequence, buf: Uint8Array): boolean {
  for (const sub of seq.subs) if (sub.wide && sub.literal && !contains(buf, sub.literal)) return false;
  return true;
}

function forwardIn(seq: ByteSequence, buf: Uint8Array): boolean {
  if (!literalsPresent(seq, buf)) return false;
  let at = 0;
  for (const sub of seq.subs) {
    at = findForward(sub, buf, at);
    if (at < 0) return false;
  }
  return true;
}

function sequenceMatches(seq: ByteSequence, w: Window): boolean {
  if (seq.reference === 'EOF') {
    if (!literalsPresent(seq, w.tail)) return false;
    let at = w.tail.length;
    for (const sub of seq.subs) {
      at = findBackward(sub, w.tail, at);
      if (at < 0) return false;
    }
    return true;
  }
  if (forwardIn(seq, w.head)) return true;
  // Anywhere in the file: the tail is searched too when we did not read the whole file.
  return seq.reference === 'VAR' && w.tail !== w.head && forwardIn(seq, w.tail);
}

/** How a signature fared: matched, missed only on its EOF sequences, or missed. */
export type SignatureOutcome = 'match' | 'eof-miss' | 'miss';

/** A byte string every match of the sequence contains is absent: it cannot match. */
function surelyAbsent(seq: ByteSequence, buf: Uint8Array): boolean {
  for (const sub of seq.subs) {
    const needle = sub.literal ?? sub.lead;
    if (needle && !contains(buf, needle)) return true;
  }
  return false;
}

export function matchSignature(sig: InternalSignature, w: Window): SignatureOutcome {
  // Cheap rejections first: a missing literal in any start or variable sequence.
  for (const seq of sig.sequences)
    if (
      seq.reference !== 'EOF' &&
      w.memo?.get(seq) !== true &&
      surelyAbsent(seq, w.head) &&
      (seq.reference === 'BOF' || w.tail === w.head || surelyAbsent(seq, w.tail))
    )
      return 'miss';
  // Sequences are kept BOF, VAR, EOF: anchored at the start first, they reject most files.
  for (const seq of sig.sequences) {
    let ok = w.memo?.get(seq);
    if (ok === undefined) {
      ok = sequenceMatches(seq, w);
      w.memo?.set(seq, ok);
    }
    if (!ok) return seq.reference === 'EOF' && sig.sequences[0]!.reference === 'BOF' ? 'eof-miss' : 'miss';
  }
  return sig.sequences.length ? 'match' : 'miss';
}

export function signatureMatches(sig: InternalSignature, w: Window): boolean {
  return matchSignature(sig, w) === 'match';
}

/** Keeps the formats no other match has priority over (DROID's HasPriorityOverFileFormatID). */
export function applyPriorities(matched: PronomFormat[]): PronomFormat[] {
  return matched.filter((f) => !matched.some((g) => g !== f && g.priorityOver.has(f.id)));
}

export function loadFormats(root: XNode): PronomFormat[] {
  const file = kid(root, 'FFSignatureFile');
  const sigs = new Map<string, InternalSignature>();
  const shared = new Map<string, ByteSequence>();
  for (const s of kids(kid(file, 'InternalSignatureCollection'), 'InternalSignature'))
    sigs.set(s.attrs.ID ?? '', compileInternalSignature(s, shared));
  return kids(kid(file, 'FileFormatCollection'), 'FileFormat').map((f) => ({
    id: f.attrs.ID ?? '',
    puid: f.attrs.PUID ?? '',
    name: f.attrs.Name ?? '',
    version: f.attrs.Version ?? '',
    mime: f.attrs.MIMEType ?? '',
    extensions: kids(f, 'Extension').map((e) => e.text.toLowerCase()),
    signatures: kids(f, 'InternalSignatureID')
      .map((e) => sigs.get(e.text))
      .filter((s): s is InternalSignature => s !== undefined),
    priorityOver: new Set(kids(f, 'HasPriorityOverFileFormatID').map((e) => e.text)),
  }));
}
