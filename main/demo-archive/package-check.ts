// The checks a real archive makes on a received package (PROTOCOLS.md §2 "Checks Vitam
// makes", same spirit for as@lae), with the demo's documented reply codes. The bordereau
// is read with the safe SEDA parser (no DOCTYPE/ENTITY), like the clients read replies.
import { validateSeda } from '../core/seda/xsd';
import { XmlParseError, child, childText, descendants, parseXml, type XmlElement } from '../core/seda/xml';
import type { SedaVersion } from '../contract/types';
import {
  DEMO_FORBIDDEN_CLASSIFICATION,
  DEMO_KNOWN_AGREEMENTS,
  DEMO_KNOWN_ORIGINATING_AGENCIES,
  DEMO_REPLY_CODES,
  DEMO_TRANSFERRING_AGENCY,
} from './demo-account';
import { memberPath, type PackageMember } from './package-reader';

export interface BordereauInfo {
  version?: SedaVersion;
  messageIdentifier?: string;
  transferringAgency?: string;
  archivalAgency?: string;
  archivalAgreement?: string;
  unitIds: string[];
  firstTitle?: string;
}

type Parsed = { root: XmlElement } | { error: string };

function parseBordereau(xml: string): Parsed {
  try {
    return { root: parseXml(xml) };
  } catch (e) {
    if (e instanceof XmlParseError) return { error: e.message };
    throw e;
  }
}

function info(root: XmlElement): BordereauInfo {
  const v = /^fr:gouv:culture:archivesdefrance:seda:v(2\.[12])$/.exec(root.namespace ?? '')?.[1] as
    SedaVersion | undefined;
  const firstTitle = descendants(root, 'Title')[0]?.text.trim();
  return {
    ...(v ? { version: v } : {}),
    messageIdentifier: childText(root, 'MessageIdentifier'),
    transferringAgency: childText(child(root, 'TransferringAgency'), 'Identifier'),
    archivalAgency: childText(child(root, 'ArchivalAgency'), 'Identifier'),
    archivalAgreement: childText(root, 'ArchivalAgreement'),
    unitIds: descendants(root, 'ArchiveUnit')
      .map((u) => u.attributes.id)
      .filter((id): id is string => !!id),
    ...(firstTitle !== undefined ? { firstTitle } : {}),
  };
}

/** What the demo needs from a bordereau; nothing (no ids) when it is not readable XML. */
export function readBordereau(xml: string): BordereauInfo {
  const p = parseBordereau(xml);
  return 'root' in p ? info(p.root) : { unitIds: [] };
}

export interface CheckResult {
  accepted: boolean;
  /** as@lae code (000, 101 …); Vitam maps !accepted to KO. */
  code: string;
  /** French, for the ATR Comment / OutcomeDetailMessage. */
  message: string;
}

function reject(code: string, message: string): CheckResult {
  return { accepted: false, code, message };
}

const ALGOS: Record<string, 'sha256' | 'sha512'> = {
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export async function checkPackage(
  xml: string,
  members: Map<string, PackageMember>,
  flavour: 'asalae' | 'vitam',
): Promise<CheckResult> {
  const C = DEMO_REPLY_CODES;
  const parsed = parseBordereau(xml);
  if (!('root' in parsed))
    return reject(C.malformed, `Message mal formé : le bordereau n'est pas un document XML lisible. ${parsed.error}`);
  const root = parsed.root;
  if (root.name !== 'ArchiveTransfer')
    return reject(C.malformed, "Message mal formé : le bordereau n'est pas un message ArchiveTransfer.");
  const bordereau = info(root);
  if (!bordereau.version)
    return reject(C.malformed, 'Message mal formé : version SEDA non prise en charge (2.1 ou 2.2 attendue).');
  const xsd = await validateSeda(xml, bordereau.version);
  if (!xsd.valid) {
    const first = xsd.errors[0];
    return reject(
      C.malformed,
      `Message mal formé : le bordereau n'est pas conforme au schéma SEDA ${bordereau.version}${first ? ` (ligne ${first.line ?? '?'} : ${first.message.trim()})` : ''}.`,
    );
  }
  const units = descendants(root, 'ArchiveUnit');
  if (units.some((u) => !child(u, 'Content')))
    return reject(C.malformed, 'Message mal formé : une unité d’archives n’a pas de description (Content).');
  for (const c of descendants(root, 'Content')) {
    if (!childText(c, 'Title'))
      return reject(C.malformed, 'Message mal formé : une unité d’archives n’a pas de titre (Title vide ou absent).');
    if (!childText(c, 'DescriptionLevel'))
      return reject(
        C.malformed,
        'Message mal formé : une unité d’archives n’a pas de niveau de description (DescriptionLevel).',
      );
  }
  if (!bordereau.archivalAgreement || !DEMO_KNOWN_AGREEMENTS.includes(bordereau.archivalAgreement))
    return reject(C.agreement, `Accord de versement inconnu : « ${bordereau.archivalAgreement ?? 'absent'} ».`);
  if (bordereau.transferringAgency !== DEMO_TRANSFERRING_AGENCY && bordereau.transferringAgency !== 'COMMUNE_EXEMPLE')
    return reject(
      C.agreement,
      `Le service versant « ${bordereau.transferringAgency ?? 'absent'} » n'est pas autorisé par l'accord de versement.`,
    );
  const origin = descendants(root, 'OriginatingAgencyIdentifier')[0]?.text.trim();
  if (!origin || !DEMO_KNOWN_ORIGINATING_AGENCIES.includes(origin))
    return reject(C.originatingAgency, `Service producteur inconnu : « ${origin ?? 'absent'} ».`);
  for (const k of descendants(root, 'KeywordContent').map((e) => e.text.trim())) {
    if (DEMO_FORBIDDEN_CLASSIFICATION.test(k))
      return reject(
        C.agreement,
        `La classification « ${k} » (matière 9, autres domaines de compétences) n'est pas couverte par l'accord de versement de démonstration : corrigez la classification de l'acte puis renvoyez-le.`,
      );
  }
  for (const o of descendants(root, 'BinaryDataObject')) {
    const uri = childText(o, 'Uri') ?? childText(child(o, 'FileInfo'), 'Filename');
    const rel = uri ? memberPath(decodeURIComponent(uri)) : undefined;
    const member = rel ? members.get(rel) : undefined;
    if (!member) return reject(C.missingFile, `Pièce absente du paquet : « ${uri ?? '?'} ».`);
    const digest = child(o, 'MessageDigest');
    const algorithm = digest?.attributes.algorithm;
    const algo = algorithm && Object.hasOwn(ALGOS, algorithm) ? ALGOS[algorithm] : undefined;
    const plain = algorithm?.startsWith('SHA-');
    if (!digest || !algo || (flavour === 'vitam' && !plain))
      return reject(
        C.fileMismatch,
        `Algorithme d'empreinte non pris en charge pour « ${uri} » : « ${algorithm ?? 'absent'} ».`,
      );
    if (digest.text.trim().toLowerCase() !== member[algo])
      return reject(
        C.fileMismatch,
        `Empreinte non conforme pour la pièce « ${uri} » : le fichier reçu ne correspond pas au bordereau.`,
      );
    const size = childText(o, 'Size');
    if (size !== undefined && Number(size) !== member.size)
      return reject(
        C.fileMismatch,
        `Taille non conforme pour la pièce « ${uri} » (${member.size} octets reçus, ${size} annoncés).`,
      );
  }
  return { accepted: true, code: C.accepted, message: 'Transfert accepté.' };
}
