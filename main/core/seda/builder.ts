// SEDA 2.1 / 2.2 ArchiveTransfer bordereau, built from metadata only (files are referenced
// by Uri, never read). Element order follows the xs:sequence of the official XSDs.
import { accessRuleFor } from '../acts/access';
import { classificationLabel } from '../acts/classification';
import { natureInfo } from '../acts/natures';
import type { SedaVersion } from '../../contract/types';
import type { DigestStyle, KeywordInput, ObjectInput, TransferInput, UnitInput } from './types';
import { XmlWriter, oneLine } from './xml';

export function sedaNamespace(version: SedaVersion): string {
  return `fr:gouv:culture:archivesdefrance:seda:v${version}`;
}

export function digestAlgorithmName(style: DigestStyle, algorithm: 'sha256' | 'sha512'): string {
  if (style === 'vitam') return algorithm === 'sha512' ? 'SHA-512' : 'SHA-256';
  return `http://www.w3.org/2001/04/xmlenc#${algorithm}`;
}

/** xsd:dateTime from an ISO date or date-time. */
export function toDateTime(iso: string): string {
  return /T/.test(iso) ? iso : `${iso}T00:00:00`;
}

/** XML ID (NCName) from any string, unique within `used`. */
function xmlId(prefix: string, raw: string, used: Set<string>): string {
  const base = `${prefix}_${raw.normalize('NFD').replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 120);
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
  used.add(id);
  return id;
}

/** ASCII-safe path inside the package for a file: `content/<id>_<name>`. */
export function safeUri(id: string, fileName: string): string {
  const name = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120);
  const safeId = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return `content/${safeId}_${name || 'fichier'}`;
}

const NO_TITLE = 'Sans titre';

/** XML id of the root ArchiveUnit of every bordereau Sceau builds (Vitam echoes it with its SystemId). */
export const ROOT_UNIT_ID = 'AU_1';

/** Keywords implied by act metadata: classification, number (subject), nature (genreform). */
function actKeywords(unit: UnitInput, input: TransferInput): KeywordInput[] {
  const m = unit.metadata;
  const out: KeywordInput[] = [];
  if (m?.classification) {
    const label = classificationLabel(m.classification, input.classification);
    out.push({
      content: label ? `${m.classification} ${label}` : m.classification,
      reference: m.classification,
      type: 'subject',
    });
  }
  if (m?.number) out.push({ content: m.number, type: 'subject' });
  if (m?.nature) out.push({ content: natureInfo(m.nature).label, reference: m.nature, type: 'genreform' });
  return [...out, ...(unit.keywords ?? [])];
}

interface Ids {
  used: Set<string>;
  groupOf: Map<ObjectInput, string>;
  unitCount: number;
}

function writeObjects(w: XmlWriter, unit: UnitInput, input: TransferInput, ids: Ids): void {
  for (const o of unit.objects) {
    const gid = xmlId('GOT', o.id, ids.used);
    ids.groupOf.set(o, gid);
    w.open('DataObjectGroup', { id: gid });
    w.open('BinaryDataObject', { id: xmlId('BDO', o.id, ids.used) });
    w.leaf('DataObjectVersion', 'BinaryMaster_1');
    w.leaf('Uri', o.uri);
    w.leaf('MessageDigest', o.digest.hex.toLowerCase(), {
      algorithm: digestAlgorithmName(input.digestStyle, o.digest.algorithm),
    });
    w.leaf('Size', o.size);
    w.open('FormatIdentification');
    w.leaf('FormatLitteral', o.format.formatName);
    w.leaf('MimeType', o.format.mimeType);
    w.leaf('FormatId', o.format.formatId);
    w.close('FormatIdentification');
    w.open('FileInfo');
    w.leaf('Filename', oneLine(o.fileName) || 'fichier');
    if (o.lastModified) w.leaf('LastModified', toDateTime(o.lastModified));
    w.close('FileInfo');
    w.close('BinaryDataObject');
    w.close('DataObjectGroup');
  }
  for (const c of unit.children) writeObjects(w, c, input, ids);
}

const ROLE_TITLES: Record<ObjectInput['role'], string> = {
  act: 'Acte',
  annex: 'Annexe',
  signature: "Signature électronique de l'acte",
};

function writeUnit(w: XmlWriter, unit: UnitInput, input: TransferInput, ids: Ids, isRoot: boolean): void {
  ids.unitCount++;
  w.open('ArchiveUnit', { id: xmlId('AU', String(ids.unitCount), ids.used) });
  if (isRoot && input.rulesPlacement === 'root-unit') {
    // As as@lae shows them: the transfer's rules on the root unit.
    w.open('Management');
    writeRules(w, input);
    w.close('Management');
  } else if (!isRoot && unit.accessRule) {
    w.open('Management');
    w.open('AccessRule');
    w.leaf('Rule', unit.accessRule);
    w.leaf('StartDate', unit.startDate ?? unit.metadata?.date);
    w.close('AccessRule');
    w.close('Management');
  }
  w.open('Content');
  w.leaf('DescriptionLevel', unit.descriptionLevel);
  w.leaf('Title', oneLine(unit.title) || NO_TITLE);
  w.leaf('OriginatingAgencyArchiveUnitIdentifier', unit.originatingIdentifier);
  if (unit.description) w.leaf('Description', unit.description.normalize('NFC'));
  if (unit.metadata?.nature) w.leaf('DocumentType', natureInfo(unit.metadata.nature).label);
  w.leaf('Language', 'fra');
  w.leaf('DescriptionLanguage', 'fra');
  for (const k of actKeywords(unit, input)) {
    w.open('Keyword');
    w.leaf('KeywordContent', oneLine(k.content));
    w.leaf('KeywordReference', k.reference);
    w.leaf('KeywordType', k.type);
    w.close('Keyword');
  }
  if (isRoot) {
    w.open('OriginatingAgency');
    w.leaf('Identifier', input.originatingAgencyId);
    writeName(w, input.agencyNames?.originating);
    w.close('OriginatingAgency');
    if (input.submissionAgencyId) {
      w.open('SubmissionAgency');
      w.leaf('Identifier', input.submissionAgencyId);
      w.close('SubmissionAgency');
    }
  }
  const start = unit.startDate ?? unit.metadata?.date;
  const end = unit.endDate ?? unit.metadata?.date ?? start;
  w.leaf('StartDate', start);
  w.leaf('EndDate', end);
  w.close('Content');
  for (const c of unit.children) writeUnit(w, c, input, ids, false);
  if (unit.objects.length === 1 && unit.children.length === 0) {
    writeReference(w, ids.groupOf.get(unit.objects[0]!));
  } else {
    // One group per file (a group holds versions of ONE object): several files become Items.
    for (const o of unit.objects) {
      ids.unitCount++;
      w.open('ArchiveUnit', { id: xmlId('AU', String(ids.unitCount), ids.used) });
      w.open('Content');
      w.leaf('DescriptionLevel', 'Item');
      w.leaf('Title', oneLine(o.fileName) || ROLE_TITLES[o.role]);
      w.leaf('Language', 'fra');
      w.close('Content');
      writeReference(w, ids.groupOf.get(o));
      w.close('ArchiveUnit');
    }
  }
  w.close('ArchiveUnit');
}

function writeReference(w: XmlWriter, groupId: string | undefined): void {
  if (!groupId) return;
  w.open('DataObjectReference');
  w.leaf('DataObjectGroupReferenceId', groupId);
  w.close('DataObjectReference');
}

/** Every object of the tree, depth-first. */
export function allObjects(unit: UnitInput): ObjectInput[] {
  return [...unit.objects, ...unit.children.flatMap(allObjects)];
}

export function buildArchiveTransfer(input: TransferInput, version: SedaVersion): string {
  const w = new XmlWriter();
  w.open('ArchiveTransfer', { xmlns: sedaNamespace(version) });
  if (input.comment) w.leaf('Comment', oneLine(input.comment));
  w.leaf('Date', toDateTime(input.date));
  w.leaf('MessageIdentifier', input.messageIdentifier);
  w.leaf('ArchivalAgreement', input.archivalAgreement);
  w.empty('CodeListVersions');
  w.open('DataObjectPackage');
  const ids: Ids = { used: new Set(), groupOf: new Map(), unitCount: 0 };
  writeObjects(w, input.root, input, ids);
  w.open('DescriptiveMetadata');
  writeUnit(w, input.root, input, ids, true);
  w.close('DescriptiveMetadata');
  w.open('ManagementMetadata');
  w.leaf('ArchivalProfile', input.archivalProfile);
  w.leaf('ServiceLevel', input.serviceLevel);
  w.leaf('OriginatingAgencyIdentifier', input.originatingAgencyId);
  w.leaf('SubmissionAgencyIdentifier', input.submissionAgencyId);
  if (input.rulesPlacement !== 'root-unit') writeRules(w, input);
  w.close('ManagementMetadata');
  w.close('DataObjectPackage');
  w.open('ArchivalAgency');
  w.leaf('Identifier', input.archivalAgencyId);
  writeName(w, input.agencyNames?.archival);
  w.close('ArchivalAgency');
  w.open('TransferringAgency');
  w.leaf('Identifier', input.transferringAgencyId);
  writeName(w, input.agencyNames?.transferring);
  w.close('TransferringAgency');
  w.close('ArchiveTransfer');
  return w.toString();
}

/** The transfer's appraisal and access rules (ManagementMetadata or the root unit's Management). */
function writeRules(w: XmlWriter, input: TransferInput): void {
  const ruleStart = input.root.startDate ?? input.root.metadata?.date;
  w.open('AppraisalRule');
  if (input.appraisal?.rule) {
    w.leaf('Rule', input.appraisal.rule);
    w.leaf('StartDate', input.appraisal.startDate ?? ruleStart);
  }
  w.leaf('FinalAction', input.appraisal?.finalAction ?? 'Keep');
  w.close('AppraisalRule');
  w.open('AccessRule');
  w.leaf('Rule', input.root.accessRule ?? accessRuleFor(input.root.metadata ?? {}));
  w.leaf('StartDate', ruleStart);
  w.close('AccessRule');
}

/**
 * An agency's name. SEDA 2.1/2.2 type OrganizationDescriptiveMetadata as an open type taking
 * elements of OTHER namespaces only: a SEDA-namespace Name would make the bordereau invalid,
 * so Name is written in Sceau's extension namespace (archives reading it by local name find it).
 */
export const ORGANIZATION_NAME_NAMESPACE = 'urn:sceau:seda-extension:1';

function writeName(w: XmlWriter, name: string | undefined): void {
  if (!name) return;
  w.open('OrganizationDescriptiveMetadata');
  w.leaf('Name', oneLine(name), { xmlns: ORGANIZATION_NAME_NAMESPACE });
  w.close('OrganizationDescriptiveMetadata');
}

export interface ActFile {
  object: ObjectInput;
}

/**
 * The unit tree of one act: root (File) titled with the objet, then "Acte",
 * "Annexe(s)" and "Signature électronique de l'acte" sub-units (Pastell's ACTES layout).
 */
export function actUnit(
  metadata: import('../../contract/types').ActMetadata,
  objects: ObjectInput[],
  description?: string,
): UnitInput {
  const byRole = (r: ObjectInput['role']) => objects.filter((o) => o.role === r);
  const children: UnitInput[] = [];
  const acts = byRole('act');
  const annexes = byRole('annex');
  const signatures = byRole('signature');
  if (acts.length) children.push({ title: 'Acte', descriptionLevel: 'Item', children: [], objects: acts });
  if (annexes.length)
    children.push({
      title: 'Annexe(s)',
      descriptionLevel: annexes.length > 1 ? 'File' : 'Item',
      children: [],
      objects: annexes,
    });
  if (signatures.length)
    children.push({
      title: "Signature électronique de l'acte",
      descriptionLevel: 'Item',
      children: [],
      objects: signatures,
    });
  const title = metadata.objet ?? acts[0]?.fileName ?? objects[0]?.fileName ?? NO_TITLE;
  return {
    title,
    descriptionLevel: 'File',
    ...(description ? { description } : {}),
    metadata,
    ...(metadata.number ? { originatingIdentifier: metadata.number } : {}),
    accessRule: accessRuleFor(metadata),
    children,
    objects: [],
  };
}
