// Checks made before anything leaves the machine: the bordereau against the official XSD
// and the archive's own rules, explained in French.
import { validateActMetadata } from '../acts/validate';
import type { SedaVersion } from '../../contract/types';
import { allObjects, buildArchiveTransfer } from './builder';
import type { TransferInput, UnitInput } from './types';
import { validateSeda } from './xsd';
import { RngProfileError, validateAgainstProfile } from './rng';

export interface PreflightIssue {
  level: 'error' | 'warning';
  message: string;
  field?: string;
  /** Raw validator text, for support. */
  detail?: string;
}

export interface PreflightLimits {
  /** default 150 MB (act + annexes, @CTES) */
  maxTotalBytes: number;
  maxFileBytes?: number;
  /** The archive's SEDA profile (RelaxNG text), when the profile carries one. */
  rngProfile?: string;
}

export const DEFAULT_MAX_TOTAL_BYTES = 150 * 1000 * 1000;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FORBIDDEN_CHARS = /[<>:"/\\|?*\u0000-\u001f]/;

/** Why the archive would refuse this file as it is (empty, too large, its name); [] when none. */
export function fileIssues(name: string, size: number, maxFileBytes?: number): string[] {
  const out: string[] = [];
  if (size === 0) out.push(`Le fichier « ${name} » est vide : l’archive le refuserait.`);
  if (maxFileBytes !== undefined && size > maxFileBytes)
    out.push(`Le fichier « ${name} » est trop volumineux (${mb(size)}, ${mb(maxFileBytes)} au plus).`);
  if (Buffer.byteLength(name, 'utf8') > 255)
    out.push(`Le nom du fichier « ${name.slice(0, 40)}… » est trop long (255 octets au plus) : renommez-le.`);
  if (FORBIDDEN_CHARS.test(name))
    out.push(
      `Le nom du fichier « ${name} » contient un caractère interdit (< > : " / \\ | ? * ou caractère de contrôle).`,
    );
  if (WINDOWS_RESERVED.test(name.trim()) || /[. ]$/.test(name))
    out.push(
      `Le nom du fichier « ${name} » est réservé par Windows ou se termine par un point ou une espace : renommez-le.`,
    );
  return out;
}

function mb(n: number): string {
  return `${(n / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** An XSD message rewritten for a secretary; the raw text stays in `detail`. */
export function explainXsdError(raw: string): string {
  const el = /Element '(?:\{[^}]*\})?([^']+)'/.exec(raw)?.[1];
  if (/This element is not expected/.test(raw))
    return `Le bordereau n’est pas conforme au SEDA : l’élément ${el ?? ''} est mal placé ou en trop.`.replace(
      '  ',
      ' ',
    );
  if (/Missing child element/.test(raw))
    return `Le bordereau n’est pas conforme au SEDA : une information obligatoire manque dans ${el ?? 'un élément'}.`;
  if (/is not a valid value|is not accepted by the pattern|facet/.test(raw))
    return `Le bordereau n’est pas conforme au SEDA : la valeur de ${el ?? 'un élément'} n’est pas acceptée.`;
  return `Le bordereau n’est pas conforme au SEDA${el ? ` (élément ${el})` : ''}.`;
}

function walkUnits(u: UnitInput, f: (u: UnitInput) => void): void {
  f(u);
  for (const c of u.children) walkUnits(c, f);
}

export async function preflight(
  input: TransferInput,
  version: SedaVersion,
  limits: PreflightLimits = { maxTotalBytes: DEFAULT_MAX_TOTAL_BYTES },
): Promise<PreflightIssue[]> {
  const issues: PreflightIssue[] = [];
  const err = (message: string, field?: string) =>
    issues.push({ level: 'error', message, ...(field ? { field } : {}) });
  const warn = (message: string, field?: string) =>
    issues.push({ level: 'warning', message, ...(field ? { field } : {}) });

  if (!input.archivalAgreement?.trim())
    err('L’accord de versement n’est pas renseigné : indiquez-le dans les réglages du profil.', 'archivalAgreement');
  if (!input.archivalAgencyId?.trim())
    err('Le service d’archives n’est pas renseigné dans le profil.', 'archivalAgencyId');
  if (!input.transferringAgencyId?.trim())
    err('Le service versant n’est pas renseigné dans le profil.', 'transferringAgencyId');
  if (!input.originatingAgencyId?.trim())
    err('Le service producteur n’est pas renseigné dans le profil.', 'originatingAgencyId');
  if (!input.messageIdentifier?.trim()) err('L’identifiant du versement manque.', 'messageIdentifier');

  walkUnits(input.root, (u) => {
    if (!u.title.trim()) err('Un niveau du versement n’a pas de titre : renseignez l’objet de l’acte.', 'title');
    if (u.metadata) for (const p of validateActMetadata(u.metadata)) err(p.message, p.field);
  });

  const objects = allObjects(input.root);
  if (!objects.length) err('Le versement ne contient aucun fichier.');
  let total = 0;
  for (const o of objects) {
    total += o.size;
    const name = o.fileName;
    for (const message of fileIssues(name, o.size, limits.maxFileBytes)) err(message, 'file');
    if (!o.format.formatId && o.role !== 'signature')
      warn(`Le format du fichier « ${name} » n’a pas été reconnu : l’archive pourrait le refuser.`, 'file');
  }
  if (total > limits.maxTotalBytes)
    err(
      `Le versement est trop volumineux (${mb(total)}) : la limite est de ${mb(limits.maxTotalBytes)} pour un acte et ses annexes.`,
      'size',
    );
  const acts = objects.filter((o) => o.role === 'act');
  if (input.root.metadata && acts.length === 0) warn('Aucun fichier n’est désigné comme l’acte principal.');

  const xml = buildArchiveTransfer(input, version);
  const result = await validateSeda(xml, version);
  if (!result.valid) {
    for (const e of result.errors.slice(0, 3))
      issues.push({ level: 'error', message: explainXsdError(e.message), detail: e.message });
    if (!result.errors.length) issues.push({ level: 'error', message: 'Le bordereau n’est pas conforme au SEDA.' });
  }
  if (limits.rngProfile) issues.push(...(await profileIssues(xml, limits.rngProfile)));
  return issues;
}

/** The archive's own profile, checked after the XSD: its errors name the element at fault. */
async function profileIssues(xml: string, rng: string): Promise<PreflightIssue[]> {
  try {
    const result = await validateAgainstProfile(xml, rng);
    if (result.valid) return [];
    const shown = result.issues.slice(0, 3).map((i): PreflightIssue => ({
      level: 'error',
      message: i.line ? `${i.message} (ligne ${i.line} du bordereau)` : i.message,
      field: 'profile',
      detail: i.detail,
    }));
    return shown.length
      ? shown
      : [{ level: 'error', message: 'Le bordereau ne respecte pas le profil d’archivage.', field: 'profile' }];
  } catch (e) {
    if (e instanceof RngProfileError)
      return [{ level: 'error', message: e.message, field: 'profile', detail: e.detail }];
    throw e;
  }
}
