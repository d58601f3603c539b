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
  DEMO_RULES,
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
  /** The bordereau's own Comment(s), echoed by as@lae (and Vitam) in their replies. */
  comment?: string;
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
  const comment = root.children
    .filter((c) => c.name === 'Comment')
    .map((c) => c.text.trim())
    .filter(Boolean)
    .join(' ');
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
    ...(comment ? { comment } : {}),
  };
}

/** What the demo needs from a bordereau; nothing (no ids) when it is not readable XML. */
export function readBordereau(xml: string): BordereauInfo {
  const p = parseBordereau(xml);
  return 'root' in p ? info(p.root) : { unitIds: [] };
}

/** Which Vitam check refused the package (its logbook event), for a real-shaped ATR. */
export interface CheckEvent {
  typeCode: string;
  type: string;
  outcomeDetail: string;
  outcomeDetailMessage: string;
  /** evDetTechData */
  detail?: string;
}

export interface CheckResult {
  accepted: boolean;
  /** as@lae code (000, 101 …); Vitam maps !accepted to KO. */
  code: string;
  /** French: the archive's detail (ATR event; OutcomeDetailMessage for Vitam). */
  message: string;
  /**
   * How far reading went: 'container' (not even a readable package: Vitam's default KO reply
   * says « Unknown »), 'manifest' (the bordereau was not understood: empty
   * MessageRequestIdentifier) or 'content' (identity known).
   */
  stage?: 'container' | 'manifest' | 'content';
  event?: CheckEvent;
}

const EVENTS = {
  schema: {
    typeCode: 'CHECK_SEDA',
    type: 'Vérification globale du SIP',
    outcomeDetail: 'CHECK_SEDA.KO',
    outcomeDetailMessage: 'Échec de la vérification globale du SIP : bordereau non conforme au schéma SEDA',
  },
  agreement: {
    typeCode: 'CHECK_HEADER.CHECK_CONTRACT_INGEST',
    type: 'Vérification de la présence et contrôle du contrat d’entrée',
    outcomeDetail: 'CHECK_HEADER.CHECK_CONTRACT_INGEST.CONTRACT_UNKNOWN.KO',
    outcomeDetailMessage:
      'Échec du contrôle de la présence du contrat d’entrée : contrat d’entrée inconnu du référentiel des contrats d’entrée',
  },
  agent: {
    typeCode: 'CHECK_HEADER.CHECK_AGENT',
    type: 'Vérification de la présence et du contrôle des services agents',
    outcomeDetail: 'CHECK_HEADER.CHECK_AGENT.UNKNOWN.KO',
    outcomeDetailMessage:
      'Échec de la vérification de la présence et du contrôle des services agents : services agents inconnus du référentiel des services agents',
  },
  unit: {
    typeCode: 'CHECK_ARCHIVEUNIT_SCHEMA',
    type: 'Contrôle additionnel sur la validité des champs de l’unité archivistique',
    outcomeDetail: 'CHECK_ARCHIVEUNIT_SCHEMA.KO',
    outcomeDetailMessage: 'Échec du contrôle additionnel sur la validité des champs de l’unité archivistique',
  },
  objects: {
    typeCode: 'CHECK_DATAOBJECTPACKAGE.CHECK_MANIFEST_OBJECTNUMBER',
    type: 'Vérification du nombre d’objets',
    outcomeDetail: 'CHECK_DATAOBJECTPACKAGE.CHECK_MANIFEST_OBJECTNUMBER.KO',
    outcomeDetailMessage: 'Échec de la vérification du nombre d’objets : objet(s) absent(s) du SIP',
  },
  digest: {
    typeCode: 'CHECK_DIGEST',
    type: 'Vérification de l’empreinte',
    outcomeDetail: 'CHECK_DIGEST.KO',
    outcomeDetailMessage: 'Échec de la vérification de l’empreinte',
  },
  rules: {
    typeCode: 'UNITS_RULES_COMPUTE',
    type: 'Application des règles de gestion et calcul des dates d’échéance',
    outcomeDetail: 'UNITS_RULES_COMPUTE.UNKNOWN.KO',
    outcomeDetailMessage:
      'Échec de l’application des règles de gestion et du calcul des dates d’échéance : règle de gestion inconnue',
  },
} satisfies Record<string, Omit<CheckEvent, 'detail'>>;

function reject(
  code: string,
  message: string,
  event?: Omit<CheckEvent, 'detail'>,
  stage: CheckResult['stage'] = 'content',
): CheckResult {
  return { accepted: false, code, message, stage, ...(event ? { event: { ...event, detail: message } } : {}) };
}

const RULE_KINDS = [
  'AppraisalRule',
  'AccessRule',
  'StorageRule',
  'DisseminationRule',
  'ReuseRule',
  'ClassificationRule',
];

/** Rule codes of the bordereau (ManagementMetadata and units' Management) missing from the referential. */
function unknownRules(root: XmlElement): string[] {
  const out: string[] = [];
  for (const kind of RULE_KINDS)
    for (const el of descendants(root, kind))
      for (const r of el.children.filter((c) => c.name === 'Rule')) {
        const code = r.text.trim();
        const known = Object.hasOwn(DEMO_RULES, code) ? DEMO_RULES[code] : undefined;
        if (!known || known.type !== kind) out.push(code);
      }
  return [...new Set(out)];
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
    return reject(
      C.malformed,
      `Message mal formé : le bordereau n'est pas un document XML lisible. ${parsed.error}`,
      EVENTS.schema,
      'manifest',
    );
  const root = parsed.root;
  if (root.name !== 'ArchiveTransfer')
    return reject(
      C.malformed,
      "Message mal formé : le bordereau n'est pas un message ArchiveTransfer.",
      EVENTS.schema,
      'manifest',
    );
  const bordereau = info(root);
  if (!bordereau.version)
    return reject(
      C.malformed,
      'Message mal formé : version SEDA non prise en charge (2.1 ou 2.2 attendue).',
      EVENTS.schema,
      'manifest',
    );
  const xsd = await validateSeda(xml, bordereau.version);
  if (!xsd.valid) {
    const first = xsd.errors[0];
    return reject(
      C.malformed,
      `Message mal formé : le bordereau n'est pas conforme au schéma SEDA ${bordereau.version}${first ? ` (ligne ${first.line ?? '?'} : ${first.message.trim()})` : ''}.`,
      EVENTS.schema,
      'manifest',
    );
  }
  const units = descendants(root, 'ArchiveUnit');
  if (units.some((u) => !child(u, 'Content')))
    return reject(
      C.malformed,
      'Message mal formé : une unité d’archives n’a pas de description (Content).',
      EVENTS.unit,
    );
  for (const c of descendants(root, 'Content')) {
    if (!childText(c, 'Title'))
      return reject(
        C.malformed,
        'Message mal formé : une unité d’archives n’a pas de titre (Title vide ou absent).',
        EVENTS.unit,
      );
    if (!childText(c, 'DescriptionLevel'))
      return reject(
        C.malformed,
        'Message mal formé : une unité d’archives n’a pas de niveau de description (DescriptionLevel).',
        EVENTS.unit,
      );
  }
  if (!bordereau.archivalAgreement || !DEMO_KNOWN_AGREEMENTS.includes(bordereau.archivalAgreement))
    return reject(
      C.agreement,
      `Accord de versement inconnu : « ${bordereau.archivalAgreement ?? 'absent'} ».`,
      EVENTS.agreement,
    );
  if (bordereau.transferringAgency !== DEMO_TRANSFERRING_AGENCY && bordereau.transferringAgency !== 'COMMUNE_EXEMPLE')
    return reject(
      C.transferringAgency,
      `Le service versant « ${bordereau.transferringAgency ?? 'absent'} » n'est pas autorisé par l'accord de versement.`,
      EVENTS.agent,
    );
  const origin = descendants(root, 'OriginatingAgencyIdentifier')[0]?.text.trim();
  if (!origin || !DEMO_KNOWN_ORIGINATING_AGENCIES.includes(origin))
    return reject(C.originatingAgency, `Service producteur inconnu : « ${origin ?? 'absent'} ».`, EVENTS.agent);
  for (const k of descendants(root, 'KeywordContent').map((e) => e.text.trim())) {
    if (DEMO_FORBIDDEN_CLASSIFICATION.test(k))
      return reject(
        C.agreement,
        `La classification « ${k} » (matière 9, autres domaines de compétences) n'est pas couverte par l'accord de versement de démonstration : corrigez la classification de l'acte puis renvoyez-le.`,
        EVENTS.unit,
      );
  }
  for (const o of descendants(root, 'BinaryDataObject')) {
    const uri = childText(o, 'Uri') ?? childText(child(o, 'FileInfo'), 'Filename');
    const rel = uri ? memberPath(decodeURIComponent(uri)) : undefined;
    const member = rel ? members.get(rel) : undefined;
    if (!member) return reject(C.missingFile, `Pièce absente du paquet : « ${uri ?? '?'} ».`, EVENTS.objects);
    const digest = child(o, 'MessageDigest');
    const algorithm = digest?.attributes.algorithm;
    const algo = algorithm && Object.hasOwn(ALGOS, algorithm) ? ALGOS[algorithm] : undefined;
    const plain = algorithm?.startsWith('SHA-');
    if (!digest || !algo || (flavour === 'vitam' && !plain))
      return reject(
        C.fileMismatch,
        `Algorithme d'empreinte non pris en charge pour « ${uri} » : « ${algorithm ?? 'absent'} ».`,
        EVENTS.digest,
      );
    if (digest.text.trim().toLowerCase() !== member[algo])
      return reject(
        C.fileMismatch,
        `Empreinte non conforme pour la pièce « ${uri} » : le fichier reçu ne correspond pas au bordereau.`,
        EVENTS.digest,
      );
    const size = childText(o, 'Size');
    if (size !== undefined && Number(size) !== member.size)
      return reject(
        C.fileMismatch,
        `Taille non conforme pour la pièce « ${uri} » (${member.size} octets reçus, ${size} annoncés).`,
        EVENTS.digest,
      );
  }
  // Vitam's rules referential is per tenant, nothing is built in: an unknown code refuses all.
  if (flavour === 'vitam') {
    const unknown = unknownRules(root);
    if (unknown.length)
      return reject(
        C.agreement,
        `Règle(s) de gestion absente(s) du référentiel du tenant : ${unknown.map((c) => `« ${c} »`).join(', ')}.`,
        EVENTS.rules,
      );
  }
  return { accepted: true, code: C.accepted, message: 'Transfert accepté.', stage: 'content' };
}
