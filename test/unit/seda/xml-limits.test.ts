// The reply parser's bounds (issue 16 item 2): namespaces inherited by reference (no copy per
// element), and hard caps on elements, depth, attributes and namespace declarations, refused
// with a French message (« La réponse de l’archive est illisible » once through the reply
// reader). Speed is measured in bench/xml/xml.bench.ts, not here.
import { describe, expect, test } from 'vitest';
import { parseArchiveTransferReply } from '../../../main/core/seda/replies';
import { parseXml, XML_LIMITS, XmlParseError, type XmlElement } from '../../../main/core/seda/xml';
import { namespaceFlood, SEDA_NS } from '../../tools/xml-amplification';

function refusal(xml: string, limits = {}): string {
  try {
    parseXml(xml, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(XmlParseError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('namespace amplification', () => {
  test('2,500 declarations × 200,000 elements: refused (too many declarations), not frozen on', () => {
    expect(refusal(namespaceFlood(2_500, 200_000))).toBe(
      'Message XML avec trop de déclarations d’espaces de noms (plus de 1\u202f000).',
    );
  });

  test('the same through the reply reader says the archive’s reply is unreadable', () => {
    expect(() => parseArchiveTransferReply(namespaceFlood(2_500, 200_000))).toThrow(
      /^La réponse de l’archive est illisible : Message XML avec trop de déclarations/,
    );
  });

  test('1,000 declarations (the cap, default namespace included) × 200,000 elements: parsed, every prefix resolved', () => {
    const root = parseXml(namespaceFlood(999, 200_000));
    expect(root.namespace).toBe(SEDA_NS);
    expect(root.children).toHaveLength(200_000);
    expect(root.children[0]).toMatchObject({ name: 'a', namespace: 'urn:n0' });
    expect(root.children[998]).toMatchObject({ name: 'a', namespace: 'urn:n998' });
    expect(root.children[199_999]).toMatchObject({ name: 'a', namespace: `urn:n${199_999 % 999}` });
  });
});

describe('hard caps', () => {
  test('elements: one over the cap is refused; 4 million empty elements stop at the cap', () => {
    expect(refusal(namespaceFlood(0, XML_LIMITS.maxElements))).toBe(
      'Message XML trop grand : plus de 250\u202f000 éléments.',
    );
    expect(() => parseXml(namespaceFlood(0, XML_LIMITS.maxElements - 1))).not.toThrow();
    expect(refusal(`<r>${'<a/>'.repeat(4_000_000)}</r>`)).toMatch(/plus de 250\u202f000 éléments/);
  });

  test('attributes on one element', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, k) => ` a${k}="v"`).join('');
    expect(() => parseXml(`<r${attrs(256)}/>`)).not.toThrow();
    expect(refusal(`<r${attrs(257)}/>`)).toBe('Élément XML avec trop d’attributs (plus de 256).');
    // Namespace declarations are bounded by their own, document-wide cap.
    expect(() =>
      parseXml(`<r${attrs(256)}${Array.from({ length: 57 }, (_, k) => ` xmlns:p${k}="u"`).join('')}/>`),
    ).not.toThrow();
  });

  test('depth', () => {
    expect(refusal(`${'<a>'.repeat(257)}${'</a>'.repeat(257)}`)).toBe('Message XML trop profondément imbriqué.');
    expect(() => parseXml(`${'<a>'.repeat(256)}${'</a>'.repeat(256)}`)).not.toThrow();
  });

  test('declarations spread over many elements count for the whole document', () => {
    const body = Array.from({ length: 1_001 }, (_, k) => `<x xmlns:p="urn:${k}"/>`).join('');
    expect(refusal(`<r>${body}</r>`)).toMatch(/trop de déclarations d’espaces de noms/);
  });

  test('limits can be tightened per call', () => {
    expect(refusal('<r><a/><a/></r>', { maxElements: 2 })).toBe('Message XML trop grand : plus de 2 éléments.');
  });
});

describe('namespace scoping is unchanged', () => {
  const find = (el: XmlElement, name: string) => el.children.find((c) => c.name === name)!;
  test('redeclaration in a child applies to its subtree only; siblings keep the parent’s', () => {
    const root = parseXml(
      '<r xmlns="urn:d" xmlns:p="urn:p1"><a xmlns:p="urn:p2"><p:b/><c/></a><p:d/><e xmlns="urn:e"><f/></e><g/></r>',
    );
    expect(root.namespace).toBe('urn:d');
    const a = find(root, 'a');
    expect(find(a, 'b').namespace).toBe('urn:p2');
    expect(find(a, 'c').namespace).toBe('urn:d');
    expect(find(root, 'd').namespace).toBe('urn:p1');
    expect(find(find(root, 'e'), 'f').namespace).toBe('urn:e');
    expect(find(root, 'g').namespace).toBe('urn:d');
    expect(a.attributes).toEqual({});
  });

  test('an undeclared prefix named like an Object property resolves to nothing', () => {
    const root = parseXml('<r><constructor:a/><__proto__:b/><toString:c/></r>');
    expect(root.children.map((c) => c.namespace)).toEqual([undefined, undefined, undefined]);
  });
});
