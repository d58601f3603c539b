// Flows the regional platform already archives by itself (tele-transmitted acts, Hélios PES
// accounting flows). Data-driven: each recogniser says in French why it matched, so the
// user can understand, and force the deposit if the heuristic was wrong.
import { isoDate } from './text';

export type AutoArchivedKind = 'actes' | 'helios';

export interface AutoArchivedMatch {
  kind: AutoArchivedKind;
  /** id of the recogniser that matched */
  id: string;
  reason: string;
}

export interface AutoArchivedRecogniser {
  id: string;
  kind: AutoArchivedKind;
  description: string;
  /** Returns the French reason when the file matches, else null. */
  test(fileName: string, head: Buffer): string | null;
}

const NATURE = '(?:DE|AR|AI|CC|BF|AU)';
const DEPT = '(?:\\d{3}|0?2[AB])';
const ACT_ID = `${DEPT}-\\d{9}-\\d{8}-[0-9A-Z_]{1,15}-${NATURE}`;

const TRANSMISSION_RE = new RegExp(`^(?:[0-9A-Z]{1,4}_${NATURE}-)?(${ACT_ID})-1-1_(\\d{1,3})\\.(?:pdf|xml)$`, 'i');
const PREFECTURE_ACK_RE = new RegExp(`^(?:[0-9A-Z]{1,4}_${NATURE}-)?(${ACT_ID})-1-2\\.xml$`, 'i');
const TACT_RE = /^TACT--(\d{9})--(\d{8})-(\d{1,6})\.xml$/i;
const ACT_ID_IN_NAME_RE = new RegExp(`(?<![0-9A-Za-z])(${ACT_ID})(?![0-9A-Za-z])`);
const PES_NAME_RE = /^(ACQUIT_)?PESALR2_(\d{14})_(\d{6})_(\d{4})(?:[_-][^.]*)?\.xml$/i;

/** The act identifier only counts when its date is a real date. */
function plausibleActId(id: string): boolean {
  const m = /-(\d{4})(\d{2})(\d{2})-/.exec(id);
  return !!m && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) !== undefined;
}

const PLATFORM = 'il est archivé automatiquement par la plateforme.';

/** Bytes String.prototype.trim removes from a latin1 text: tab, line feeds, space, no-break space. */
const LATIN1_BLANK = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

/**
 * Whether a head read as latin1 has « < » as its first non-blank character (after a UTF-8
 * BOM): else no root element can come first and xmlRootElement's answer is null. Decides
 * without decoding 4 KiB and running its patterns over them: most PDFs have « << » in their
 * first 64 bytes, so every sealed PDF went the whole way.
 */
function startsWithMarkup(head: Buffer): boolean {
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && LATIN1_BLANK.has(head[i]!)) i++;
  return head[i] === 0x3c;
}

/** Root element of an XML head (any encoding that keeps ASCII for markup). */
export function xmlRootElement(head: Buffer): { name: string; namespace?: string } | null {
  let text: string;
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) text = head.subarray(2).toString('utf16le');
  else if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    const swapped = Buffer.from(head.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else {
    if (!startsWithMarkup(head)) return null;
    text = head.toString('latin1');
  }
  text = text.replace(/^\u00ef\u00bb\u00bf|^\ufeff/, '');
  // Skip declaration, comments, processing instructions and DOCTYPE.
  const cleaned = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/g, '');
  const m = /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)([^>]*)>?/.exec(cleaned);
  if (!m || cleaned.slice(0, m.index).trim() !== '') return null;
  const qname = m[1] ?? '';
  const colon = qname.indexOf(':');
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  const prefix = colon >= 0 ? qname.slice(0, colon) : '';
  const attrs = m[2] ?? '';
  const nsRe = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`);
  const ns = nsRe.exec(attrs)?.[1];
  return ns ? { name: local, namespace: ns } : { name: local };
}

export const PES_ALLER_NS = 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller';

export const AUTO_ARCHIVED_RECOGNISERS: readonly AutoArchivedRecogniser[] = [
  {
    id: 'actes-transmission',
    kind: 'actes',
    description: 'Fichier d\u2019une télétransmission @CTES (…-1-1_n.pdf/xml)',
    test(name) {
      const m = TRANSMISSION_RE.exec(name);
      if (!m || !plausibleActId(m[1] ?? '')) return null;
      return `Fichier d’un acte déjà télétransmis à la préfecture (identifiant ${m[1]}) : ${PLATFORM}`;
    },
  },
  {
    id: 'actes-prefecture-ack',
    kind: 'actes',
    description: 'Accusé de réception de la préfecture (…-1-2.xml)',
    test(name) {
      const m = PREFECTURE_ACK_RE.exec(name);
      if (!m || !plausibleActId(m[1] ?? '')) return null;
      return `Accusé de réception de la préfecture pour l’acte ${m[1]} : ${PLATFORM}`;
    },
  },
  {
    id: 'actes-enveloppe',
    kind: 'actes',
    description: 'Enveloppe de télétransmission @CTES (TACT--SIREN--date-n.xml)',
    test(name) {
      const m = TACT_RE.exec(name);
      if (!m) return null;
      return `Enveloppe de télétransmission @CTES (SIREN ${m[1]}) : ${PLATFORM}`;
    },
  },
  {
    id: 'actes-identifiant',
    kind: 'actes',
    description: 'Nom contenant un identifiant d\u2019acte télétransmis (dépt-SIREN-date-numéro-nature)',
    test(name) {
      const m = ACT_ID_IN_NAME_RE.exec(name);
      if (!m || !plausibleActId(m[1] ?? '')) return null;
      return `Acte déjà télétransmis à la préfecture (identifiant ${m[1]}) : ${PLATFORM}`;
    },
  },
  {
    id: 'helios-nom',
    kind: 'helios',
    description: 'Flux comptable Hélios nommé PESALR2_… ou ACQUIT_PESALR2_…',
    test(name) {
      const m = PES_NAME_RE.exec(name);
      if (!m) return null;
      return m[1]
        ? `Accusé de réception Hélios (PES_ACQUIT) d’un flux comptable : ${PLATFORM}`
        : `Flux comptable Hélios (PES Aller, SIRET ${m[2]}) : ${PLATFORM}`;
    },
  },
  {
    id: 'helios-contenu',
    kind: 'helios',
    description: 'Fichier XML dont la racine est PES_Aller ou PES_ACQUIT',
    test(name, head) {
      if (!/\.xml$/i.test(name) && !head.subarray(0, 64).toString('latin1').includes('<')) return null;
      const root = xmlRootElement(head);
      if (!root) return null;
      if (root.name === 'PES_Aller' || root.namespace === PES_ALLER_NS)
        return `Flux comptable Hélios (fichier PES Aller) : ${PLATFORM}`;
      if (root.name === 'PES_ACQUIT' || root.name === 'PES_Acquit')
        return `Accusé de réception Hélios (PES_ACQUIT) : ${PLATFORM}`;
      return null;
    },
  },
];

/** First recogniser that matches, with its French reason; null for ordinary files. */
export function recogniseAutoArchived(
  fileName: string,
  head: Buffer,
): { kind: AutoArchivedKind; reason: string; id: string } | null {
  const name = fileName.normalize('NFC').replace(/^.*[\\/]/, '');
  for (const r of AUTO_ARCHIVED_RECOGNISERS) {
    const reason = r.test(name, head);
    if (reason) return { kind: r.kind, reason, id: r.id };
  }
  return null;
}
