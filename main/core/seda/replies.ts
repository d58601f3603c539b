// The archive's answers: safe parsers used by the connectors, builders used by the demo
// archive to answer (Acknowledgement, ArchiveTransferReply; SEDA 2.1 / 2.2, XSD-valid),
// in either flavour: as@lae (bordereau echoed with a "cote") or Vitam (SystemId, events).
import type { SedaVersion } from '../../contract/types';
import { sedaNamespace, toDateTime } from './builder';
import type { DescriptionLevel } from './types';
import { XmlParseError, XmlWriter, child, childText, descendants, oneLine, parseXml } from './xml';
import type { XmlElement } from './xml';

export class ReplyParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyParseError';
  }
}

export interface Acknowledgement {
  messageIdentifier: string;
  messageReceivedIdentifier: string;
  date: string;
  comment?: string;
}

export interface ArchiveTransferReply {
  messageIdentifier: string;
  messageRequestIdentifier: string;
  replyCode: string;
  comment: string;
  date: string;
  grantDate?: string;
  /** as@lae "cote" on the root unit */
  archivalAgencyArchiveUnitIdentifier?: string;
  /** Vitam ids of the stored units */
  systemIds?: string[];
  /** Units echoed in the reply, in the archive's order (XML id, Vitam SystemId). */
  units?: { id?: string; systemId?: string }[];
  /** Vitam's human-readable reasons (Operation/Event/OutcomeDetailMessage) */
  outcomeDetailMessages?: string[];
  /** Operation/Event, in document order. */
  events?: ReplyEvent[];
}

export interface ReplyEvent {
  typeCode?: string;
  outcome?: string;
  outcomeDetail?: string;
  outcomeDetailMessage?: string;
  /** Vitam's EventDetailData (JSON text, e.g. evDetTechData). */
  eventDetailData?: string;
}

function rootOf(xml: string, expected: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlParseError) throw new ReplyParseError(`La réponse de l’archive est illisible : ${e.message}`);
    throw e;
  }
  if (root.name !== expected)
    throw new ReplyParseError(`La réponse de l’archive n’est pas un message ${expected} (reçu : ${root.name}).`);
  if (root.namespace && !/^fr:gouv:culture:archivesdefrance:seda:v2\.\d$/.test(root.namespace))
    throw new ReplyParseError(
      `La réponse de l’archive n’est pas un message SEDA 2 (espace de noms ${root.namespace}).`,
    );
  return root;
}

function required(el: XmlElement, name: string): string {
  const v = childText(el, name);
  if (!v) throw new ReplyParseError(`La réponse de l’archive ne contient pas l’élément ${name}.`);
  return v;
}

export function parseAcknowledgement(xml: string): Acknowledgement {
  const root = rootOf(xml, 'Acknowledgement');
  const comment = root.children
    .filter((c) => c.name === 'Comment')
    .map((c) => c.text.trim())
    .join('\n');
  return {
    messageIdentifier: required(root, 'MessageIdentifier'),
    messageReceivedIdentifier: required(root, 'MessageReceivedIdentifier'),
    date: required(root, 'Date'),
    ...(comment ? { comment } : {}),
  };
}

export function parseArchiveTransferReply(xml: string): ArchiveTransferReply {
  const root = rootOf(xml, 'ArchiveTransferReply');
  const comment = root.children
    .filter((c) => c.name === 'Comment')
    .map((c) => c.text.trim())
    .filter(Boolean)
    .join('\n');
  const units = descendants(root, 'ArchiveUnit');
  const firstCote = units
    .map((u) => childText(child(u, 'Content'), 'ArchivalAgencyArchiveUnitIdentifier'))
    .find((v): v is string => !!v);
  const systemIds = units
    .flatMap((u) => (child(u, 'Content')?.children ?? []).filter((c) => c.name === 'SystemId'))
    .map((c) => c.text.trim())
    .filter(Boolean);
  const messages = descendants(root, 'OutcomeDetailMessage')
    .map((e) => e.text.trim())
    .filter(Boolean);
  const grantDate = childText(root, 'GrantDate');
  const replyUnits = units.map((u) => {
    const id = u.attributes.id;
    const systemId = childText(child(u, 'Content'), 'SystemId');
    return { ...(id ? { id } : {}), ...(systemId ? { systemId } : {}) };
  });
  const events: ReplyEvent[] = (child(root, 'Operation')?.children ?? [])
    .filter((e) => e.name === 'Event')
    .map((e) => {
      const ev: ReplyEvent = {};
      const set = (k: keyof ReplyEvent, name: string) => {
        const v = childText(e, name);
        if (v) ev[k] = v;
      };
      set('typeCode', 'EventTypeCode');
      set('outcome', 'Outcome');
      set('outcomeDetail', 'OutcomeDetail');
      set('outcomeDetailMessage', 'OutcomeDetailMessage');
      set('eventDetailData', 'EventDetailData');
      return ev;
    });
  // Vitam leaves MessageRequestIdentifier empty when the manifest was not understood (and its
  // default KO template writes « Unknown »): present but empty is a valid reply, absent is not.
  if (!child(root, 'MessageRequestIdentifier'))
    throw new ReplyParseError('La réponse de l’archive ne contient pas l’élément MessageRequestIdentifier.');
  return {
    messageIdentifier: required(root, 'MessageIdentifier'),
    messageRequestIdentifier: childText(root, 'MessageRequestIdentifier') ?? '',
    replyCode: required(root, 'ReplyCode'),
    comment,
    date: required(root, 'Date'),
    ...(grantDate ? { grantDate } : {}),
    ...(firstCote ? { archivalAgencyArchiveUnitIdentifier: firstCote } : {}),
    ...(systemIds.length ? { systemIds } : {}),
    ...(replyUnits.length ? { units: replyUnits } : {}),
    ...(messages.length ? { outcomeDetailMessages: messages } : {}),
    ...(events.length ? { events } : {}),
  };
}

export interface AcknowledgementInput {
  version: SedaVersion;
  messageIdentifier: string;
  /** The transfer's MessageIdentifier */
  messageReceivedIdentifier: string;
  date: string;
  comment?: string;
  /** Archive (sender) and transferring agency (receiver) identifiers */
  sender: string;
  receiver: string;
}

export function buildAcknowledgement(a: AcknowledgementInput): string {
  const w = new XmlWriter();
  w.open('Acknowledgement', { xmlns: sedaNamespace(a.version) });
  if (a.comment) w.leaf('Comment', oneLine(a.comment));
  w.leaf('Date', toDateTime(a.date));
  w.leaf('MessageIdentifier', a.messageIdentifier);
  w.leaf('MessageReceivedIdentifier', a.messageReceivedIdentifier);
  w.open('Sender').leaf('Identifier', a.sender).close('Sender');
  w.open('Receiver').leaf('Identifier', a.receiver).close('Receiver');
  w.close('Acknowledgement');
  return w.toString();
}

export interface ReplyUnitInput {
  /** XML id of the unit; Vitam keeps the SIP's ids. Default ID_AU_<n>. */
  id?: string;
  descriptionLevel?: DescriptionLevel;
  systemId?: string;
  archivalAgencyArchiveUnitIdentifier?: string;
  originatingAgencyArchiveUnitIdentifier?: string;
  title?: string;
}

export interface ReplyEventInput {
  typeCode: string;
  type?: string;
  dateTime: string;
  outcome: string;
  outcomeDetail?: string;
  outcomeDetailMessage?: string;
  eventDetailData?: string;
}

export interface ArchiveTransferReplyInput {
  version: SedaVersion;
  messageIdentifier: string;
  messageRequestIdentifier: string;
  /** as@lae 000 / 101 / 300; Vitam OK / WARNING / KO / FATAL */
  replyCode: string;
  date: string;
  comment?: string;
  archivalAgreement?: string;
  archivalAgency: string;
  transferringAgency: string;
  grantDate?: string;
  units?: ReplyUnitInput[];
  /** as@lae: the transfer's DataObjectPackage echoed (see echoDataObjectPackage); `units` is then ignored. */
  echoedPackage?: XmlElement;
  events?: ReplyEventInput[];
}

export function buildArchiveTransferReply(r: ArchiveTransferReplyInput): string {
  const w = new XmlWriter();
  w.open('ArchiveTransferReply', { xmlns: sedaNamespace(r.version) });
  if (r.comment) w.leaf('Comment', oneLine(r.comment));
  w.leaf('Date', toDateTime(r.date));
  w.leaf('MessageIdentifier', r.messageIdentifier);
  w.leaf('ArchivalAgreement', r.archivalAgreement);
  w.empty('CodeListVersions');
  if (r.echoedPackage) {
    writeElement(w, r.echoedPackage, sedaNamespace(r.version));
  } else if (r.units?.length) {
    w.open('DataObjectPackage');
    w.open('DescriptiveMetadata');
    r.units.forEach((u, i) => {
      w.open('ArchiveUnit', { id: u.id ?? `ID_AU_${i + 1}` });
      w.open('Content');
      w.leaf('DescriptionLevel', u.descriptionLevel);
      if (u.title) w.leaf('Title', oneLine(u.title));
      w.leaf('SystemId', u.systemId);
      w.leaf('ArchivalAgencyArchiveUnitIdentifier', u.archivalAgencyArchiveUnitIdentifier);
      w.leaf('OriginatingAgencyArchiveUnitIdentifier', u.originatingAgencyArchiveUnitIdentifier);
      w.close('Content');
      w.close('ArchiveUnit');
    });
    w.close('DescriptiveMetadata');
    w.empty('ManagementMetadata');
    w.close('DataObjectPackage');
  }
  w.leaf('ReplyCode', r.replyCode);
  if (r.events?.length) {
    w.open('Operation');
    for (const e of r.events) {
      w.open('Event');
      w.leaf('EventTypeCode', e.typeCode);
      w.leaf('EventType', e.type);
      w.leaf('EventDateTime', e.dateTime);
      w.leaf('Outcome', e.outcome);
      w.leaf('OutcomeDetail', e.outcomeDetail);
      w.leaf('OutcomeDetailMessage', e.outcomeDetailMessage);
      w.leaf('EventDetailData', e.eventDetailData);
      w.close('Event');
    }
    w.close('Operation');
  }
  // Written even when empty: Vitam's reply to a manifest it could not read has an empty one.
  w.leaf('MessageRequestIdentifier', r.messageRequestIdentifier);
  if (r.grantDate) w.leaf('GrantDate', toDateTime(r.grantDate));
  w.open('ArchivalAgency').leaf('Identifier', r.archivalAgency).close('ArchivalAgency');
  w.open('TransferringAgency').leaf('Identifier', r.transferringAgency).close('TransferringAgency');
  w.close('ArchiveTransferReply');
  return w.toString();
}

// ---------------------------------------------------------------------------------------
// as@lae echo of the transfer

/** Content children that precede ArchivalAgencyArchiveUnitIdentifier (xs:sequence, 2.1 and 2.2). */
const BEFORE_COTE = new Set(['DescriptionLevel', 'Title', 'FilePlanPosition', 'SystemId', 'OriginatingSystemId']);

/** Attribute names the echo can write back as is (no namespace declaration needed). */
const PLAIN_ATTRIBUTE = /^(?:[A-Za-z_][\w.-]*|xml:[A-Za-z_][\w.-]*)$/;

function copyTree(el: XmlElement): XmlElement | undefined {
  if (!Object.keys(el.attributes).every((k) => PLAIN_ATTRIBUTE.test(k))) return undefined;
  // SEDA has no mixed content: text next to child elements would be lost, so refuse it.
  if (el.children.length > 0 && el.text.trim()) return undefined;
  const children: XmlElement[] = [];
  for (const c of el.children) {
    const copy = copyTree(c);
    if (!copy) return undefined;
    children.push(copy);
  }
  return {
    name: el.name,
    namespace: el.namespace,
    attributes: { ...el.attributes },
    children,
    text: children.length ? '' : el.text,
  };
}

/**
 * as@lae-style echo: the bordereau's DataObjectPackage, read with the safe parser, with
 * ArchivalAgencyArchiveUnitIdentifier (the archive's "cote") added to the root unit's
 * Content. Undefined when the bordereau cannot be echoed faithfully (unreadable, no
 * package or root unit, prefixed attributes whose namespace the parser does not keep).
 */
export function echoDataObjectPackage(bordereau: string, cote?: string): XmlElement | undefined {
  let root: XmlElement;
  try {
    root = parseXml(bordereau);
  } catch (e) {
    if (e instanceof XmlParseError) return undefined;
    throw e;
  }
  const source = child(root, 'DataObjectPackage');
  if (root.name !== 'ArchiveTransfer' || !source) return undefined;
  const pkg = copyTree(source);
  const content = child(child(child(pkg, 'DescriptiveMetadata'), 'ArchiveUnit'), 'Content');
  if (!pkg || !content) return undefined;
  if (cote !== undefined) {
    let at = 0;
    content.children.forEach((c, i) => {
      if (BEFORE_COTE.has(c.name)) at = i + 1;
    });
    // Placed before any identifier the transferring party gave, so readers find ours first.
    content.children.splice(at, 0, {
      name: 'ArchivalAgencyArchiveUnitIdentifier',
      namespace: content.namespace,
      attributes: {},
      children: [],
      text: cote,
    });
  }
  return pkg;
}

/** Serialises a parsed element; a namespace differing from the enclosing one is declared again. */
function writeElement(w: XmlWriter, el: XmlElement, enclosingNamespace: string | undefined): void {
  const attrs: Record<string, string | undefined> = { ...el.attributes };
  if ((el.namespace ?? '') !== (enclosingNamespace ?? '')) attrs.xmlns = el.namespace ?? '';
  if (el.children.length === 0) {
    w.leaf(el.name, el.text, attrs);
    return;
  }
  w.open(el.name, attrs);
  for (const c of el.children) writeElement(w, c, el.namespace);
  w.close(el.name);
}
