// Minimal XML helpers: escaping for the builders and a small, safe parser for the
// archive's answers. The parser refuses DOCTYPE/ENTITY declarations outright, so neither
// entity expansion (billion laughs) nor external entities can happen.

/** Text fit for XML 1.0: NFC, control characters (except tab/newline) removed. */
export function xmlText(s: string): string {
  return (
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- stripping/refusing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Single-line text (Title, Filename …): line breaks become spaces, runs collapsed. */
export function oneLine(s: string): string {
  return s
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Tiny indenting writer: elements are opened/closed in order, text is escaped. */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private depth = 0;

  open(name: string, attrs: Record<string, string | undefined> = {}): this {
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${attrString(attrs)}>\n`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`${'  '.repeat(this.depth)}</${name}>\n`);
    return this;
  }

  /** Leaf element; skipped when value is undefined. */
  leaf(name: string, value: string | number | undefined, attrs: Record<string, string | undefined> = {}): this {
    if (value === undefined) return this;
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${attrString(attrs)}>${xmlText(String(value))}</${name}>\n`);
    return this;
  }

  empty(name: string): this {
    this.parts.push(`${'  '.repeat(this.depth)}<${name}/>\n`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}

function attrString(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v ?? '')}"`)
    .join('');
}

// ---------------------------------------------------------------------------------------
// Parser

export interface XmlElement {
  /** local name, prefix removed */
  name: string;
  namespace: string | undefined;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** concatenated direct text content */
  text: string;
}

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

/**
 * Hard caps on what one document may cost: a hostile or broken reply is refused early instead
 * of freezing the app (an as@lae reply is a few hundred elements and a handful of namespaces).
 */
export interface XmlLimits {
  /** Characters of the whole document. */
  maxChars: number;
  maxElements: number;
  maxDepth: number;
  /** Attributes on one element (namespace declarations are counted apart). */
  maxAttributes: number;
  /** xmlns declarations in the whole document. */
  maxNamespaceDeclarations: number;
}

export const XML_LIMITS: XmlLimits = {
  maxChars: 64 * 1024 * 1024,
  maxElements: 250_000,
  maxDepth: 256,
  maxAttributes: 256,
  maxNamespaceDeclarations: 1_000,
};

/** Longest start tag, attributes included. */
const MAX_TAG_CHARS = 65_536;
const START_TAG =
  /<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const frNumber = (n: number) => n.toLocaleString('fr-FR');

function decodeEntities(s: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/.test(s)) {
    throw new XmlParseError('Entité XML inconnue ou mal formée (les déclarations d’entités sont refusées).');
  }
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_all, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw new XmlParseError('Référence de caractère invalide.');
    return String.fromCodePoint(code);
  });
}

/** In-scope namespaces: shared with the parent until an element declares one (then copied). */
type Scope = Readonly<Record<string, string>>;
// Null prototype: a prefix such as `constructor` or `__proto__` resolves to nothing.
const EMPTY_SCOPE: Scope = Object.freeze(Object.create(null) as Record<string, string>);

/** Parses a whole document into its root element. Throws XmlParseError (French). */
export function parseXml(input: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const cap: XmlLimits = { ...XML_LIMITS, ...limits };
  if (input.length > cap.maxChars) throw new XmlParseError('Le message XML est trop volumineux.');
  const xml = input.replace(/^\ufeff/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new XmlParseError('Le message XML contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.');
  }
  const stack: Array<{ el: XmlElement; ns: Scope; qname: string }> = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let declarations = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.el.text += decodeEntities(raw);
      else if (raw.trim()) throw new XmlParseError('Texte en dehors de l’élément racine.');
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlParseError('Commentaire XML non terminé.');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlParseError('Section CDATA non terminée.');
      const top = stack[stack.length - 1];
      if (!top) throw new XmlParseError('CDATA en dehors de l’élément racine.');
      top.el.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlParseError('Instruction XML non terminée.');
      i = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      throw new XmlParseError('Déclaration XML non autorisée.');
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      if (end < 0) throw new XmlParseError('Balise fermante non terminée.');
      const qname = xml.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.qname !== qname) throw new XmlParseError(`Balise fermante inattendue : ${qname}.`);
      i = end + 1;
    } else {
      START_TAG.lastIndex = lt;
      const m = START_TAG.exec(xml);
      if (!m || m[0].length > MAX_TAG_CHARS) throw new XmlParseError('Balise XML mal formée.');
      if (++elements > cap.maxElements)
        throw new XmlParseError(`Message XML trop grand : plus de ${frNumber(cap.maxElements)} éléments.`);
      const qname = m[1] ?? '';
      const attrs: Record<string, string> = {};
      let ns: Scope = stack[stack.length - 1]?.ns ?? EMPTY_SCOPE;
      let declared: Record<string, string> | undefined;
      let count = 0;
      for (const a of m[2] ? m[2].matchAll(ATTRIBUTE) : []) {
        const key = a[1] ?? '';
        const value = decodeEntities(a[2] ?? a[3] ?? '');
        const prefix = key === 'xmlns' ? '' : key.startsWith('xmlns:') ? key.slice(6) : undefined;
        if (prefix === undefined) {
          if (++count > cap.maxAttributes)
            throw new XmlParseError(`Élément XML avec trop d’attributs (plus de ${frNumber(cap.maxAttributes)}).`);
          attrs[key] = value;
          continue;
        }
        if (++declarations > cap.maxNamespaceDeclarations)
          throw new XmlParseError(
            `Message XML avec trop de déclarations d’espaces de noms (plus de ${frNumber(cap.maxNamespaceDeclarations)}).`,
          );
        // Copy on declaration only: elements that declare nothing share their parent's scope.
        declared ??= Object.assign(Object.create(null) as Record<string, string>, ns);
        declared[prefix] = value;
      }
      if (declared) ns = declared;
      const colon = qname.indexOf(':');
      const prefix = colon >= 0 ? qname.slice(0, colon) : '';
      const el: XmlElement = {
        name: colon >= 0 ? qname.slice(colon + 1) : qname,
        namespace: ns[prefix],
        attributes: attrs,
        children: [],
        text: '',
      };
      const top = stack[stack.length - 1];
      if (top) top.el.children.push(el);
      else if (root) throw new XmlParseError('Plusieurs éléments racine.');
      else root = el;
      if (!m[3]) {
        stack.push({ el, ns, qname });
        if (stack.length > cap.maxDepth) throw new XmlParseError('Message XML trop profondément imbriqué.');
      }
      i = lt + m[0].length;
    }
  }
  if (stack.length) throw new XmlParseError('Message XML incomplet (balises non fermées).');
  if (!root) throw new XmlParseError('Message XML vide.');
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

/** All descendants named `name`, document order. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
