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
