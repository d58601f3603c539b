// A minimal reader for the two PRONOM files we ship (machine-written XML: elements,
// attributes, text; no DTD, no CDATA). Not for untrusted input: the files are our assets.

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

/** `skip`: names of elements dropped before parsing (with their text), e.g. DROID's Shift tables. */
export function parseXmlLite(input: string, skip: string[] = []): XNode {
  let source = input;
  for (const name of skip) source = source.replace(new RegExp(`<${name}\\b[^>]*>[^<]*</${name}>`, 'g'), '');
  const root: XNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XNode[] = [root];
  let pos = 0;
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > pos) {
      const text = source.slice(pos, textEnd);
      if (text.trim()) stack.at(-1)!.text += decode(text);
    }
    if (lt < 0) break;
    if (source.startsWith('<!--', lt)) {
      const close = source.indexOf('-->', lt);
      pos = close < 0 ? source.length : close + 3;
      continue;
    }
    const gt = source.indexOf('>', lt);
    if (gt < 0) break;
    pos = gt + 1;
    const c = source[lt + 1];
    if (c === '?' || c === '!') continue;
    if (c === '/') {
      stack.pop();
      continue;
    }
    const selfClosing = source[gt - 1] === '/';
    const body = source.slice(lt + 1, selfClosing ? gt - 1 : gt);
    const nameEnd = body.search(/[\s/]|$/);
    const attrs: Record<string, string> = {};
    if (body.includes('='))
      for (const a of body.slice(nameEnd).matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const node: XNode = { name: body.slice(0, nameEnd).replace(/^.*:/, ''), attrs, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  return root;
}

export const kids = (n: XNode | undefined, name: string): XNode[] => n?.children.filter((c) => c.name === name) ?? [];
export const kid = (n: XNode | undefined, name: string): XNode | undefined => n?.children.find((c) => c.name === name);
