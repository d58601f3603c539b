// Minimal, tolerant reading of the SEDA replies the archives send back (Acknowledgement,
// ArchiveTransferReply). Kept here until main/core/seda/replies.ts offers the same; only
// the few fields the connectors need are read, whatever the namespace prefix.

function decode(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Local name of the document element, or undefined when this is not XML. */
export function rootName(xml: string): string | undefined {
  const body = xml.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').trimStart();
  const m = /^<(?:[\w.-]+:)?([\w.-]+)[\s/>]/.exec(body);
  return m?.[1];
}

/** Text of every element with this local name, in document order. */
export function texts(xml: string, name: string): string[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`, 'g');
  return [...xml.matchAll(re)].map((m) => decode(m[1] ?? ''));
}

export function text(xml: string, name: string): string | undefined {
  return texts(xml, name)[0];
}

/** Removes one element (and its subtree) so fields of the echoed package are not mistaken for top-level ones. */
export function without(xml: string, name: string): string {
  return xml.replace(new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>[\\s\\S]*?</(?:[\\w.-]+:)?${name}>`, 'g'), '');
}

export interface ReadAck {
  messageIdentifier?: string;
  messageReceivedIdentifier?: string;
  date?: string;
}

export function readAcknowledgement(xml: string): ReadAck | undefined {
  if (rootName(xml) !== 'Acknowledgement') return undefined;
  return {
    messageIdentifier: text(xml, 'MessageIdentifier'),
    messageReceivedIdentifier: text(xml, 'MessageReceivedIdentifier'),
    date: text(xml, 'Date'),
  };
}

export interface ReadAtr {
  messageIdentifier?: string;
  messageRequestIdentifier?: string;
  replyCode?: string;
  comment?: string;
  outcomeDetailMessages: string[];
  archivalAgencyArchiveUnitIdentifier?: string;
  systemIds: string[];
  date?: string;
}

export function readArchiveTransferReply(xml: string): ReadAtr | undefined {
  if (rootName(xml) !== 'ArchiveTransferReply') return undefined;
  const top = without(without(xml, 'DataObjectPackage'), 'Operation');
  return {
    messageIdentifier: text(top, 'MessageIdentifier'),
    messageRequestIdentifier: text(top, 'MessageRequestIdentifier'),
    replyCode: text(top, 'ReplyCode'),
    comment: texts(top, 'Comment').join('\n') || undefined,
    outcomeDetailMessages: texts(xml, 'OutcomeDetailMessage'),
    archivalAgencyArchiveUnitIdentifier: text(xml, 'ArchivalAgencyArchiveUnitIdentifier'),
    systemIds: texts(xml, 'SystemId'),
    date: text(top, 'Date'),
  };
}
