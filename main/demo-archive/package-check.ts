// The checks a real archive makes on a received package (PROTOCOLS.md §2 "Checks Vitam
// makes", same spirit for as@lae), with the demo's documented reply codes.
import { validateSeda } from '../core/seda/xsd';
import { rootName, text, texts } from '../core/archive/seda-reply-read';
import type { SedaVersion } from '../core/types';
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

export function readBordereau(xml: string): BordereauInfo {
  const v = /fr:gouv:culture:archivesdefrance:seda:v(2\.[12])/.exec(xml)?.[1] as SedaVersion | undefined;
  const block = (name: string) => new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`).exec(xml)?.[1] ?? '';
  return {
    ...(v ? { version: v } : {}),
    messageIdentifier: text(xml.replace(/<(?:[\w.-]+:)?DataObjectPackage[\s\S]*<\/(?:[\w.-]+:)?DataObjectPackage>/, ''), 'MessageIdentifier'),
    transferringAgency: text(block('TransferringAgency'), 'Identifier'),
    archivalAgency: text(block('ArchivalAgency'), 'Identifier'),
    archivalAgreement: text(xml, 'ArchivalAgreement'),
    unitIds: [...xml.matchAll(/<(?:[\w.-]+:)?ArchiveUnit\s[^>]*\bid="([^"]+)"/g)].map((m) => m[1] ?? ''),
    firstTitle: text(xml, 'Title'),
  };
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
  if (rootName(xml) !== 'ArchiveTransfer') return reject(C.malformed, "Message mal formé : le bordereau n'est pas un message ArchiveTransfer.");
  const info = readBordereau(xml);
  if (!info.version) return reject(C.malformed, 'Message mal formé : version SEDA non prise en charge (2.1 ou 2.2 attendue).');
  const xsd = await validateSeda(xml, info.version);
  if (!xsd.valid) {
    const first = xsd.errors[0];
    return reject(C.malformed, `Message mal formé : le bordereau n'est pas conforme au schéma SEDA ${info.version}${first ? ` (ligne ${first.line ?? '?'} : ${first.message.trim()})` : ''}.`);
  }
  const contents = [...xml.matchAll(/<(?:[\w.-]+:)?Content(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?Content>/g)].map((m) => m[1] ?? '');
  const units = [...xml.matchAll(/<(?:[\w.-]+:)?ArchiveUnit[\s>]/g)].length;
  if (contents.length < units) return reject(C.malformed, 'Message mal formé : une unité d’archives n’a pas de description (Content).');
  for (const c of contents) {
    if (!text(c, 'Title')) return reject(C.malformed, 'Message mal formé : une unité d’archives n’a pas de titre (Title vide ou absent).');
    if (!text(c, 'DescriptionLevel')) return reject(C.malformed, 'Message mal formé : une unité d’archives n’a pas de niveau de description (DescriptionLevel).');
  }
  if (!info.archivalAgreement || !DEMO_KNOWN_AGREEMENTS.includes(info.archivalAgreement))
    return reject(C.agreement, `Accord de versement inconnu : « ${info.archivalAgreement ?? 'absent'} ».`);
  if (info.transferringAgency !== DEMO_TRANSFERRING_AGENCY && info.transferringAgency !== 'COMMUNE_EXEMPLE')
    return reject(C.agreement, `Le service versant « ${info.transferringAgency ?? 'absent'} » n'est pas autorisé par l'accord de versement.`);
  const origin = text(xml, 'OriginatingAgencyIdentifier');
  if (!origin || !DEMO_KNOWN_ORIGINATING_AGENCIES.includes(origin))
    return reject(C.originatingAgency, `Service producteur inconnu : « ${origin ?? 'absent'} ».`);
  for (const k of texts(xml, 'KeywordContent')) {
    if (DEMO_FORBIDDEN_CLASSIFICATION.test(k))
      return reject(
        C.agreement,
        `La classification « ${k} » (matière 9, autres domaines de compétences) n'est pas couverte par l'accord de versement de démonstration : corrigez la classification de l'acte puis renvoyez-le.`,
      );
  }
  const objects = [...xml.matchAll(/<(?:[\w.-]+:)?BinaryDataObject(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?BinaryDataObject>/g)].map((m) => m[1] ?? '');
  for (const o of objects) {
    const uri = text(o, 'Uri') ?? text(o, 'Filename');
    const rel = uri ? memberPath(decodeURIComponent(uri)) : undefined;
    const member = rel ? members.get(rel) : undefined;
    if (!member) return reject(C.missingFile, `Pièce absente du paquet : « ${uri ?? '?'} ».`);
    const digest = /<(?:[\w.-]+:)?MessageDigest\s[^>]*algorithm="([^"]+)"[^>]*>([^<]*)</.exec(o);
    const algo = digest ? ALGOS[digest[1] ?? ''] : undefined;
    const plain = digest?.[1]?.startsWith('SHA-');
    if (!digest || !algo || (flavour === 'vitam' && !plain))
      return reject(C.fileMismatch, `Algorithme d'empreinte non pris en charge pour « ${uri} » : « ${digest?.[1] ?? 'absent'} ».`);
    if ((digest[2] ?? '').trim().toLowerCase() !== member[algo])
      return reject(C.fileMismatch, `Empreinte non conforme pour la pièce « ${uri} » : le fichier reçu ne correspond pas au bordereau.`);
    const size = text(o, 'Size');
    if (size !== undefined && Number(size) !== member.size)
      return reject(C.fileMismatch, `Taille non conforme pour la pièce « ${uri} » (${member.size} octets reçus, ${size} annoncés).`);
  }
  return { accepted: true, code: C.accepted, message: 'Transfert accepté.' };
}
