// PRONOM byte patterns: the expression syntax of DROID signatures (hex bytes, 'text', ??,
// [xx:yy] ranges, [!xx] negations, (a|b) alternatives, {n-m} gaps) compiled into tokens, and
// a small backtracking matcher that runs them forwards (BOF, variable) or backwards (EOF).

/** One byte position: an exact value, a range, or their negation (`[!..]`), or a bit mask. */
export interface ByteTest {
  lo: number;
  hi: number;
  not: boolean;
  /** `[&xx]`: every bit of the mask set. */
  mask?: number;
}

export type Token =
  | { kind: 'bytes'; tests: ByteTest[] }
  | { kind: 'gap'; min: number; max: number }
  /** Multi-byte `[xxxx:yyyy]` range (big-endian order) or `[!xxyy…]` negated sequence. */
  | { kind: 'range'; lo: number[]; hi: number[]; not: boolean }
  | { kind: 'alt'; options: Token[][] };

const ANY: ByteTest = { lo: 0, hi: 255, not: false };

function hexByte(s: string, at: number): number {
  const v = Number.parseInt(s.slice(at, at + 2), 16);
  if (!Number.isInteger(v) || v < 0) throw new Error(`PRONOM: bad hex at ${at} in ${s}`);
  return v;
}

/** A byte inside [..]: hex pair or 'c'. Returns [value, next index]. */
function classByte(s: string, i: number): [number, number] {
  if (s[i] === "'") return [s.charCodeAt(i + 1), i + 3];
  return [hexByte(s, i), i + 2];
}

/** Parses a PRONOM expression into tokens (consecutive byte tests merged). */
export function compilePattern(source: string): Token[] {
  let i = 0;
  const s = source;
  const parseSeq = (stops: string): Token[] => {
    const out: Token[] = [];
    const push = (t: ByteTest) => {
      const last = out.at(-1);
      if (last?.kind === 'bytes') last.tests.push(t);
      else out.push({ kind: 'bytes', tests: [t] });
    };
    while (i < s.length && !stops.includes(s[i]!)) {
      const c = s[i]!;
      if (/\s/.test(c)) i++;
      else if (c === "'") {
        const end = s.indexOf("'", i + 1);
        for (const b of Buffer.from(s.slice(i + 1, end), 'latin1')) push({ lo: b, hi: b, not: false });
        i = end + 1;
      } else if (c === '?' && s[i + 1] === '?') {
        push(ANY);
        i += 2;
      } else if (c === '[') {
        i++;
        const not = s[i] === '!';
        if (not) i++;
        if (s[i] === '&') {
          const mask = hexByte(s, i + 1);
          push({ lo: 0, hi: 255, not, mask });
          i += 3;
        } else if (/^[0-9A-Fa-f]{4,}[\]:]/.test(s.slice(i))) {
          const end = s.indexOf(']', i);
          const [a = '', b = a] = s.slice(i, end).split(':');
          out.push({ kind: 'range', lo: [...Buffer.from(a, 'hex')], hi: [...Buffer.from(b, 'hex')], not });
          i = end;
        } else {
          const [lo, next] = classByte(s, i);
          i = next;
          let hi = lo;
          if (s[i] === ':' || s[i] === '-') [hi, i] = classByte(s, i + 1);
          push({ lo, hi, not });
        }
        if (s[i] !== ']') throw new Error(`PRONOM: expected ] at ${i} in ${s}`);
        i++;
      } else if (c === '(') {
        const options: Token[][] = [];
        do {
          i++;
          options.push(parseSeq('|)'));
        } while (s[i] === '|');
        i++;
        out.push({ kind: 'alt', options });
      } else if (c === '{') {
        const end = s.indexOf('}', i);
        const [a, b] = s.slice(i + 1, end).split('-');
        const min = Number(a);
        out.push({ kind: 'gap', min, max: b === undefined ? min : b === '*' ? Infinity : Number(b) });
        i = end + 1;
      } else if (c === '*') {
        out.push({ kind: 'gap', min: 0, max: Infinity });
        i++;
      } else {
        const b = hexByte(s, i);
        push({ lo: b, hi: b, not: false });
        i += 2;
      }
    }
    return out;
  };
  return parseSeq('');
}

/** The same tokens for matching right to left (EOF sequences). */
export function reverseTokens(tokens: Token[]): Token[] {
  return tokens
    .slice()
    .reverse()
    .map((t) =>
      t.kind === 'bytes'
        ? { kind: 'bytes', tests: t.tests.slice().reverse() }
        : t.kind === 'alt'
          ? { kind: 'alt', options: t.options.map(reverseTokens) }
          : t,
    );
}

function testByte(t: ByteTest, b: number): boolean {
  const inside = t.mask !== undefined ? (b & t.mask) === t.mask : b >= t.lo && b <= t.hi;
  return inside !== t.not;
}

/** Minimum number of bytes the tokens need (to bound searches). */
export function minLength(tokens: Token[]): number {
  let n = 0;
  for (const t of tokens)
    n +=
      t.kind === 'bytes'
        ? t.tests.length
        : t.kind === 'range'
          ? t.lo.length
          : t.kind === 'gap'
            ? t.min
            : Math.min(...t.options.map((o) => minLength(o)));
  return n;
}

/** Budget of steps per match attempt: hostile or pathological inputs stay bounded. */
const STEP_BUDGET = 20_000;
let steps = 0;

function testRange(t: Extract<Token, { kind: 'range' }>, buf: Uint8Array, from: number): boolean {
  const n = t.lo.length;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < n && (lo === 0 || hi === 0); k++) {
    if (lo === 0) lo = buf[from + k]! - t.lo[k]!;
    if (hi === 0) hi = buf[from + k]! - t.hi[k]!;
  }
  return lo >= 0 && hi <= 0;
}

function run(toks: Token[], ti: number, buf: Uint8Array, p: number, dir: 1 | -1): number {
  for (;;) {
    if (++steps > STEP_BUDGET) return -1;
    if (ti === toks.length) return p;
    const t = toks[ti]!;
    if (t.kind === 'bytes') {
      const tests = t.tests;
      const n = tests.length;
      if (dir === 1) {
        if (p + n > buf.length) return -1;
        for (let k = 0; k < n; k++) if (!testByte(tests[k]!, buf[p + k]!)) return -1;
        p += n;
      } else {
        if (p - n < 0) return -1;
        for (let k = 0; k < n; k++) if (!testByte(tests[k]!, buf[p - 1 - k]!)) return -1;
        p -= n;
      }
      ti++;
      continue;
    }
    if (t.kind === 'range') {
      // Compared in file order whichever way we travel.
      const n = t.lo.length;
      const from = dir === 1 ? p : p - n;
      if (from < 0 || from + n > buf.length || testRange(t, buf, from) === t.not) return -1;
      p += dir * n;
      ti++;
      continue;
    }
    if (t.kind === 'gap') {
      const limit = dir === 1 ? buf.length - p : p;
      for (let g = t.min; g <= Math.min(t.max, limit); g++) {
        const r = run(toks, ti + 1, buf, p + dir * g, dir);
        if (r >= 0 || steps > STEP_BUDGET) return r;
      }
      return -1;
    }
    for (const option of t.options) {
      const r = run([...option, ...toks.slice(ti + 1)], 0, buf, p, dir);
      if (r >= 0) return r;
    }
    return -1;
  }
}

/**
 * Matches `tokens` starting at `pos` in `buf`, moving `dir` (+1: left to right, bytes at
 * pos, pos+1…; -1: right to left with reversed tokens, bytes at pos-1, pos-2…). Returns the
 * position after the match (exclusive, in the direction of travel), or -1.
 */
export function matchAt(tokens: Token[], buf: Uint8Array, pos: number, dir: 1 | -1): number {
  steps = 0;
  return run(tokens, 0, buf, pos, dir);
}

/** The longest run of exact bytes in the tokens (a quick necessary condition), or null. */
export function literalOf(tokens: Token[]): Buffer | null {
  let best: number[] = [];
  for (const t of tokens) {
    if (t.kind !== 'bytes') continue;
    let run: number[] = [];
    for (const b of t.tests) {
      if (!b.not && b.mask === undefined && b.lo === b.hi) run.push(b.lo);
      else run = [];
      if (run.length > best.length) best = run.slice();
    }
  }
  return best.length >= 2 ? Buffer.from(best) : null;
}
