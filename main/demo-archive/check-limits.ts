// Caps on a received bordereau, checked with plain string scans before any XML parsing:
// a hostile bordereau (millions of elements, thousands of namespace declarations) is refused
// without building a tree. Real ones are far below (an act: ~100 elements; a 10,000-file folder: ~300k).
export const BORDEREAU_LIMITS = {
  /** Bytes of XML text. */
  maxBytes: 32 * 1024 * 1024,
  /** Upper bound of the element count ('<' characters). */
  maxElements: 500_000,
  /** Namespace declarations (each one multiplies the parser's per-element work). */
  maxNamespaceDeclarations: 100,
} as const;

/** Why this bordereau is refused before parsing, or undefined when it is within the caps. */
export function bordereauOverLimits(xml: string, limits = BORDEREAU_LIMITS): string | undefined {
  if (xml.length > limits.maxBytes) return `le bordereau dépasse ${limits.maxBytes / (1024 * 1024)} Mo`;
  let elements = 0;
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i + 1))
    if (++elements > limits.maxElements) return `le bordereau compte plus de ${limits.maxElements} éléments`;
  let ns = 0;
  for (let i = xml.indexOf('xmlns'); i !== -1; i = xml.indexOf('xmlns', i + 5))
    if (++ns > limits.maxNamespaceDeclarations)
      return `le bordereau déclare plus de ${limits.maxNamespaceDeclarations} espaces de noms`;
  return undefined;
}

export interface QuickIdentity {
  messageIdentifier?: string;
  transferringAgency?: string;
  version?: '2.1' | '2.2';
  /** The bordereau's own Comment(s) (before Date), echoed in the ACK. */
  comment?: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/**
 * The identity of a bordereau (to key its ACK and ATR) read with bounded string scans: the
 * upload's answer never waits for a parse queued behind other transfers' checks. The full,
 * parsed reading happens in the worker afterwards.
 */
export function quickIdentity(xml: string): QuickIdentity {
  const head = xml.slice(0, 64 * 1024);
  const before = (tag: string, text: string) => text.split(new RegExp(`<(?:\\w+:)?${tag}[\\s>]`))[0] ?? text;
  const firstText = (tag: string, text: string) =>
    new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${tag}>`).exec(text)?.[1];
  const id = firstText('MessageIdentifier', before('DataObjectPackage', head));
  const tail = xml.slice(Math.max(0, xml.length - 64 * 1024));
  const ta = [
    ...tail.matchAll(/<(?:\w+:)?TransferringAgency(?:\s[^>]*)?>\s*<(?:\w+:)?Identifier(?:\s[^>]*)?>([^<]*)</g),
  ].at(-1)?.[1];
  const v = /fr:gouv:culture:archivesdefrance:seda:v(2\.[12])/.exec(head)?.[1] as '2.1' | '2.2' | undefined;
  const comments = [...before('Date', head).matchAll(/<(?:\w+:)?Comment(?:\s[^>]*)?>([^<]*)</g)]
    .map((m) => unescape(m[1] ?? ''))
    .filter(Boolean);
  return {
    ...(id ? { messageIdentifier: unescape(id) } : {}),
    ...(ta ? { transferringAgency: unescape(ta) } : {}),
    ...(v ? { version: v } : {}),
    ...(comments.length ? { comment: comments.join(' ') } : {}),
  };
}
