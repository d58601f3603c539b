// SEDA 2.1/2.2 Acknowledgement and ArchiveTransferReply as the demo archive sends them
// (as@lae flavour with swapped identifiers and a "cote", or Vitam flavour). Minimal
// generation kept here until main/core/seda/replies.ts can take over.
import type { SedaVersion } from '../core/types';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function ns(v: SedaVersion): string {
  return `fr:gouv:culture:archivesdefrance:seda:v${v}`;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AckInput {
  version: SedaVersion;
  ackIdentifier: string;
  receivedIdentifier: string;
  archivalAgency: string;
  transferringAgency: string;
  comment?: string;
}

export function buildAck(a: AckInput): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Acknowledgement xmlns="${ns(a.version)}">
  <Comment>${esc(a.comment ?? `Accusé de réception du transfert ${a.receivedIdentifier}`)}</Comment>
  <Date>${isoNow()}</Date>
  <MessageIdentifier>${esc(a.ackIdentifier)}</MessageIdentifier>
  <MessageReceivedIdentifier>${esc(a.receivedIdentifier)}</MessageReceivedIdentifier>
  <Sender>
    <Identifier>${esc(a.archivalAgency)}</Identifier>
  </Sender>
  <Receiver>
    <Identifier>${esc(a.transferringAgency)}</Identifier>
  </Receiver>
</Acknowledgement>
`;
}

export interface AtrInput {
  version: SedaVersion;
  flavour: 'asalae' | 'vitam';
  /** Our transfer's MessageIdentifier. */
  transferIdentifier: string;
  /** The reply's own id (as@lae FRLSADC_ATR_27 style; Vitam: operation id). */
  replyIdentifier: string;
  archivalAgreement?: string;
  archivalAgency: string;
  transferringAgency: string;
  replyCode: string;
  comment: string;
  accepted: boolean;
  /** Echoed package (as@lae) or generated unit list (Vitam), already serialised. */
  dataObjectPackage?: string;
  /** Vitam operation events. */
  outcome?: { eventType: string; outcome: string; detail: string; message: string };
}

export function buildAtr(a: AtrInput): string {
  // as@lae swaps the identifiers; Vitam uses the standard meaning.
  const messageIdentifier = a.flavour === 'asalae' ? a.transferIdentifier : a.replyIdentifier;
  const requestIdentifier = a.flavour === 'asalae' ? a.replyIdentifier : a.transferIdentifier;
  const now = isoNow();
  const op = a.outcome
    ? `
  <Operation>
    <Event>
      <EventTypeCode>${esc(a.outcome.eventType)}</EventTypeCode>
      <EventType>Processus d'entrée d'un SIP</EventType>
      <EventDateTime>${now}</EventDateTime>
      <Outcome>${esc(a.outcome.outcome)}</Outcome>
      <OutcomeDetail>${esc(a.outcome.detail)}</OutcomeDetail>
      <OutcomeDetailMessage>${esc(a.outcome.message)}</OutcomeDetailMessage>
    </Event>
  </Operation>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<ArchiveTransferReply xmlns="${ns(a.version)}">
  <Comment>${esc(a.comment)}</Comment>
  <Date>${now}</Date>
  <MessageIdentifier>${esc(messageIdentifier)}</MessageIdentifier>${a.archivalAgreement ? `\n  <ArchivalAgreement>${esc(a.archivalAgreement)}</ArchivalAgreement>` : ''}
  <CodeListVersions>
    <ReplyCodeListVersion>ReplyCodeListVersion0</ReplyCodeListVersion>
  </CodeListVersions>${a.dataObjectPackage ? `\n  ${a.dataObjectPackage}` : ''}
  <ReplyCode>${esc(a.replyCode)}</ReplyCode>${op}
  <MessageRequestIdentifier>${esc(requestIdentifier)}</MessageRequestIdentifier>${a.accepted ? `\n  <GrantDate>${now}</GrantDate>` : ''}
  <ArchivalAgency>
    <Identifier>${esc(a.archivalAgency)}</Identifier>
  </ArchivalAgency>
  <TransferringAgency>
    <Identifier>${esc(a.transferringAgency)}</Identifier>
  </TransferringAgency>
</ArchiveTransferReply>
`;
}

/**
 * as@lae echo: the bordereau's DataObjectPackage with ArchivalAgencyArchiveUnitIdentifier
 * added to the root unit's Content. Undefined when the bordereau uses a namespace prefix
 * (the echo would not be well-formed in a default-namespace reply).
 */
export function echoPackageWithCote(bordereau: string, cote: string): string | undefined {
  const m = /<DataObjectPackage(?:\s[^>]*)?>[\s\S]*<\/DataObjectPackage>/.exec(bordereau);
  if (!m) return undefined;
  const pkg = m[0];
  const c = /<Content>([\s\S]*?)<\/Content>/.exec(pkg);
  if (!c || c.index === undefined) return undefined;
  const inner = c[1] ?? '';
  // Insert after the elements that precede it in the Content sequence.
  let at = -1;
  for (const tag of ['DescriptionLevel', 'Title', 'FilePlanPosition', 'SystemId', 'OriginatingSystemId', 'ArchivalAgencyArchiveUnitIdentifier']) {
    const re = new RegExp(`</${tag}>`, 'g');
    let x: RegExpExecArray | null;
    while ((x = re.exec(inner))) at = Math.max(at, x.index + x[0].length);
  }
  if (at < 0) return undefined;
  const newInner = `${inner.slice(0, at)}\n          <ArchivalAgencyArchiveUnitIdentifier>${esc(cote)}</ArchivalAgencyArchiveUnitIdentifier>${inner.slice(at)}`;
  const start = c.index + '<Content>'.length;
  return `${pkg.slice(0, start)}${newInner}${pkg.slice(start + inner.length)}`;
}

/** Fallback / Vitam echo: one unit per bordereau unit id, carrying the archive's ids. */
export function minimalPackage(units: { id: string; systemId?: string; cote?: string; title?: string }[]): string {
  const body = units
    .map(
      (u) => `<ArchiveUnit id="${esc(u.id)}">
        <Content>${u.cote ? `\n          <DescriptionLevel>Item</DescriptionLevel>\n          <Title>${esc(u.title ?? u.id)}</Title>` : ''}${u.systemId ? `\n          <SystemId>${esc(u.systemId)}</SystemId>` : ''}${u.cote ? `\n          <ArchivalAgencyArchiveUnitIdentifier>${esc(u.cote)}</ArchivalAgencyArchiveUnitIdentifier>` : ''}
        </Content>
      </ArchiveUnit>`,
    )
    .join('\n      ');
  return `<DataObjectPackage>
    <DescriptiveMetadata>
      ${body}
    </DescriptiveMetadata>
    <ManagementMetadata/>
  </DataObjectPackage>`;
}
