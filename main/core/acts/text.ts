// Small text helpers for names coming from Windows, macOS (NFD) and scanners.

/** NFC, typographic dashes to '-', non-breaking/odd spaces to ' ', collapsed. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Lowercase without accents, for matching words. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

export function monthFromWord(w: string): number | undefined {
  return MONTHS[fold(w).replace(/\.$/, '')];
}

export function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Two-digit years (scanners, `12.03.24`): 00–69 → 20xx, else 19xx. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/** Parses a date written in any common way; undefined when it is not a real date. */
export function parseLooseDate(raw: string): string | undefined {
  const s = raw.trim();
  let m = /^(\d{4})[-_. /](\d{1,2})[-_. /](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-_. /](\d{1,2})[-_. /](\d{4}|\d{2})$/.exec(s);
  if (m) return isoDate(fullYear(m[3] ?? ''), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const a = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (a) return a;
  }
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:er)?[ _.-]*([\p{L}.]+)[ _.-]*(\d{4})$/u.exec(s);
  if (m) {
    const mo = monthFromWord(m[2] ?? '');
    if (mo) return isoDate(Number(m[3]), mo, Number(m[1]));
  }
  return undefined;
}

/** Act number as @CTES wants it: `2024-045b` → `2024_045B` (one rule, in the contract). */
export { normaliseActNumber } from '../../contract/acts/number';

/** Objet: underscores to spaces, separators trimmed, no line break, ≤ 499 characters. */
export function cleanObjet(raw: string): string | undefined {
  let o = raw
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/_+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .replace(/^[\s\-–.,;:+]+|[\s\-–,;:+]+$/g, '')
    .trim();
  if (!/\p{L}/u.test(o)) return undefined;
  if ([...o].length > 499) o = [...o].slice(0, 499).join('').trimEnd();
  return o.charAt(0).toLocaleUpperCase('fr') + o.slice(1);
}
