// Reads act metadata (nature, number, date, objet, classification) from a relative path:
// user rules first, then built-in heuristics for common town-hall naming habits, then
// what the folders say (`2024/Délibérations/7.1 Budget/…`).
import type { ActMetadata, FileRole, NatureCode } from '../../contract/types';
import { isClassificationFormat } from './classification';
import { isNatureCode, natureFromActesNumber } from './natures';
import { companionStem, fileRole, stripExtensions, stripSignatureMarker } from './roles';
import { cleanObjet, fold, isoDate, monthFromWord, normaliseActNumber, normaliseName, parseLooseDate } from './text';

import { METADATA_FIELDS, type MetadataField } from './completeness';
import { compileUserRule, execUserRule, validateUserRules, type CompiledRule, type UserRule } from './user-rules';
export { METADATA_FIELDS, type MetadataField };
export { compileUserRule, validateUserRules, RuleError, type UserRule } from './user-rules';

export interface ActMetadataReading {
  metadata: ActMetadata;
  missing: MetadataField[];
  ruleName: string | null;
  role: FileRole;
  actKey: string | null;
}

// ---------------------------------------------------------------------------------------
// Natures from codes and words

const NATURE_CODE_TOKENS: Record<string, NatureCode> = {
  DE: 'DE',
  DEL: 'DE',
  DELIB: 'DE',
  DCM: 'DE',
  DB: 'DE',
  AR: 'AR',
  ARR: 'AR',
  ARRETE: 'AR',
  AM: 'AR',
  AI: 'AI',
  CC: 'CC',
  BF: 'BF',
  AU: 'AU',
  DEC: 'AU',
};

/** Words (accent-folded) → nature; first match wins, so longer phrases come first. */
const NATURE_WORDS: Array<[RegExp, NatureCode, 'strong' | 'weak']> = [
  [
    /\b(budget primitif|budget supplementaire|compte administratif|compte de gestion|compte financier unique|decision modificative)\b/,
    'BF',
    'strong',
  ],
  [/\b(arretes? individuels?)\b/, 'AI', 'strong'],
  [/\bdelib(eration)?s?\b/, 'DE', 'strong'],
  [/\barretes?\b/, 'AR', 'strong'],
  [/\b(contrats?|conventions?|avenants?|marches? publics?)\b/, 'CC', 'strong'],
  [/\bdecisions?\b/, 'AU', 'strong'],
  [/\b(budgets?|finances?|comptabilite)\b/, 'BF', 'weak'],
];

const INDIVIDUAL_HINTS =
  /\b(individuels?|nomination|recrutement|titularisation|stagiairisation|avancement|disponibilite|conge|temps partiel|retraite|permis de|mise a disposition|radiation|echelon|reintegration)\b/;

function natureFromWords(text: string, strength: 'strong' | 'any' = 'any'): NatureCode | undefined {
  const f = fold(text).replace(/[_.-]+/g, ' ');
  for (const [re, code, s] of NATURE_WORDS) if ((strength === 'any' || s === 'strong') && re.test(f)) return code;
  return undefined;
}

/** An objet that only repeats the nature (`deliberation.pdf`) says nothing. */
const BARE_NATURE_OBJET =
  /^(d[ée]lib[ée]rations?|arr[êe]t[ée]s?|d[ée]cisions?|contrats?|conventions?|avenants?|acte|actes)$/iu;

/** Nature group of a user rule: code, @CTES number or word. */
function natureFromGroup(raw: string): NatureCode | undefined {
  const t = raw.trim().toUpperCase();
  if (isNatureCode(t)) return t;
  if (NATURE_CODE_TOKENS[fold(t).toUpperCase()]) return NATURE_CODE_TOKENS[fold(t).toUpperCase()];
  if (/^[1-6]$/.test(t)) return natureFromActesNumber(Number(t));
  return natureFromWords(raw);
}

// ---------------------------------------------------------------------------------------
// Built-in extraction on a working copy of the stem; consumed parts become CUT.

const CUT = '\u0001';

interface Extracted {
  fields: ActMetadata;
  /** Which built-in pattern gave the main fields. */
  how: string[];
}

const SUFFIX = String.raw`(?:bis|ter|quater|[A-Za-z]{0,2})(?:[_-][A-Z](?![\p{L}\d]))?`;
const NUMBER = String.raw`(?:(?:19|20)\d{2}[\s_./-]+\d{1,5}${SUFFIX}|\d{1,5}(?:[_./-][A-Z]{1,3}(?=[_./-]\d))?(?:[_./-]\d{1,5}){0,2}${SUFFIX})`;
const LONE_YEAR = /^(19|20)\d{2}$/;

/** The global twin of each pattern firstNumbered is given, made once (not once per file name). */
const GLOBAL_TWINS = new Map<RegExp, RegExp>();

/** First match whose number is not a lone year (`registre délib 1998`). */
function firstNumbered(re: RegExp, w: string): RegExpExecArray | null {
  const g = GLOBAL_TWINS.get(re) ?? new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  GLOBAL_TWINS.set(re, g);
  g.lastIndex = 0;
  for (let m = g.exec(w); m; m = g.exec(w)) {
    if (!LONE_YEAR.test((m[2] ?? '').trim())) return m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return null;
}
const NUMBER_MARK = String.raw`(?:n\s*[°º]|no\.?|num(?:[ée]ro)?\.?|#)`;
const CODE_RE = new RegExp(
  String.raw`(?<![\p{L}\d])(DELIB|DEL|DCM|DEC|ARR|DE|DB|AR|AM|AI|CC|BF|AU)(?:[\s_.-]*${NUMBER_MARK})?[\s_.-]*(${NUMBER})(?![\p{L}\d])`,
  'u',
);
const WORD_RE = new RegExp(
  String.raw`(?<![\p{L}\d])(d[ée]lib[ée]ration|d[ée]lib|arr[êe]t[ée]|d[ée]cision|contrat|convention|avenant)s?(?:[\s_.-]+du\s+(?:maire|pr[ée]sident|conseil\s+municipal))?[\s_.-]*(?:${NUMBER_MARK})?[\s_.-]*(${NUMBER})(?![\p{L}\d])`,
  'iu',
);
const MARK_RE = new RegExp(String.raw`(?<![\p{L}\d])${NUMBER_MARK}[\s_.-]*(${NUMBER})(?![\p{L}\d])`, 'iu');

/** `045_budget.pdf` in a nature folder: a short leading number, not a lone year. */
const LEADING_NUMBER_RE = /^()(?!(?:19|20)\d{2}(?![\d_.-]*\d))(\d{1,5}(?:[_-]\d{1,5})?[A-Z]?)(?=[\s_-]+\p{L})/u;
const CLASSIF_BRACKET = /[([]\s*(?:classif\p{L}*\.?\s*:?\s*)?([1-9](?:\.[1-9][0-9]?){1,3})\s*[)\]]/iu;
const CLASSIF_KEYWORD =
  /(?<![\p{L}\d])(?:classif(?:ication)?|mati[eè]re)\.?\s*:?\s*([1-9](?:\.[1-9][0-9]?){1,3})(?![\d.])/iu;

const MONTH_WORDS =
  'janvier|janv|f[ée]vrier|f[ée]vr?|mars|avril|avr|mai|juin|juillet|juil|ao[ûu]t|septembre|sept|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c';
const DATE_RES: RegExp[] = [
  /(?<![0-9])\d{4}[-_. ]\d{1,2}[-_. ]\d{1,2}(?![0-9])/gu,
  /(?<![0-9])\d{1,2}[-_. /]\d{1,2}[-_. /]\d{4}(?![0-9])/gu,
  /(?<![0-9.-])\d{2}[.-]\d{2}[.-]\d{2}(?![0-9.-])/gu,
  new RegExp(String.raw`(?<![0-9])\d{1,2}(?:er)?[\s_]+(?:${MONTH_WORDS})\.?[\s_]+\d{4}(?![0-9])`, 'giu'),
  /(?<![0-9])(?:19|20)\d{6}(?![0-9])/gu,
  /(?<![0-9])[0-3]\d[01]\d(?:19|20)\d{2}(?![0-9])/gu,
];
const DATE_LEAD = /(?:(?:en\s+date|s[ée]ance|conseil(?:\s+municipal)?|CM)\s+)?(?:du|le)[\s_]+$/iu;

function cut(w: string, start: number, end: number): string {
  return w.slice(0, start) + CUT + w.slice(end);
}

interface FoundDate {
  start: number;
  end: number;
  iso: string;
  /** length of the « du » / « le » announcing it, -1 when none */
  lead: number;
}

/** Real dates written in `w`, best first. */
function findDates(w: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const re of DATE_RES) {
    // exec on the shared pattern, not matchAll (a clone per call); none matches an empty string.
    re.lastIndex = 0;
    for (let m = re.exec(w); m; m = re.exec(w)) {
      const iso = parseLooseDate(m[0].replace(/_/g, ' '));
      if (!iso) continue;
      const start = m.index ?? 0;
      if (found.some((f) => start < f.end && start + m[0].length > f.start)) continue;
      const lead = DATE_LEAD.exec(w.slice(Math.max(0, start - 30), start));
      found.push({ start, end: start + m[0].length, iso, lead: lead ? lead[0].length : -1 });
    }
  }
  found.sort((a, b) => (b.lead >= 0 ? 1 : 0) - (a.lead >= 0 ? 1 : 0) || a.start - b.start);
  return found;
}

function extractFromStem(stem: string): Extracted {
  let w = stem;
  const fields: ActMetadata = {};
  const how: string[] = [];

  for (const re of [CLASSIF_BRACKET, CLASSIF_KEYWORD]) {
    const m = re.exec(w);
    if (m && m[1] && isClassificationFormat(m[1])) {
      fields.classification = m[1];
      w = cut(w, m.index, m.index + m[0].length);
      break;
    }
  }

  // Dates: the one announced by « du » / « le » wins, else the first in the name.
  const d = findDates(w)[0];
  if (d) {
    fields.date = d.iso;
    w = cut(w, d.lead > 0 ? d.start - d.lead : d.start, d.end);
  }

  // Code (`DE_2024_045`) or word (`Délibération n°45`): whichever comes first.
  const byCode = firstNumbered(CODE_RE, w);
  const byWord = firstNumbered(WORD_RE, w);
  let m: RegExpExecArray | null;
  if (byCode && (!byWord || byCode.index <= byWord.index)) {
    m = byCode;
    fields.nature = NATURE_CODE_TOKENS[m[1] ?? ''];
    how.push('code nature et numéro');
  } else {
    m = byWord;
    if (m) {
      fields.nature = natureFromWords(m[1] ?? '');
      how.push('nature et numéro');
    } else {
      m = firstNumbered(MARK_RE, w) ?? LEADING_NUMBER_RE.exec(w);
      if (m) how.push('numéro');
    }
  }
  if (m) {
    const num = normaliseActNumber(m[2] ?? '');
    if (num) fields.number = num;
    w = cut(w, m.index, m.index + m[0].length);
  }

  if (!fields.nature) {
    const n = natureFromWords(stem, 'strong');
    if (n) {
      fields.nature = n;
      how.push('nature');
    }
  }

  const objet = objetFrom(w);
  if (objet && !BARE_NATURE_OBJET.test(objet)) fields.objet = objet;
  if (fields.date) how.push('date');
  return { fields, how };
}

const LEADING_NOISE =
  /^(?:[\s_.\-–,;:+]|(?:du(?: maire| pr[ée]sident)?|en date du|s[ée]ance(?: du)?|cm|conseil municipal(?: du)?|n[°º]|no|objet\s*:)(?![\p{L}\d]))+/iu;
const TRAILING_NOISE = /(?:[\s_.\-–,;:+(]|(?<![\p{L}\d])(?:du|le|en date du|n[°º]|cm|s[ée]ance))+$/iu;

const SEGMENT_CUT = new RegExp(`${CUT}|\\s+-\\s+|\\s-|-\\s`, 'u');

/** What is left once numbers and dates are cut out: the meaningful segments, joined. */
function objetFrom(w: string): string | undefined {
  const parts = w
    .split(SEGMENT_CUT)
    .map((p) => p.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '').trim())
    .filter((p) => (p.match(/\p{L}/gu) ?? []).length >= 2 && !/^(cm|du|le)$/i.test(p));
  if (!parts.length) return undefined;
  let objet = parts.join(' - ');
  // `Adhésion.SDE` in a name without spaces: the dots were word separators.
  if (!/\s/.test(w.replaceAll(CUT, '')) && /\p{L}\.\p{L}/u.test(objet)) objet = objet.replace(/\./g, ' ');
  return cleanObjet(objet);
}

interface FolderHints {
  nature?: NatureCode;
  classification?: string;
  year?: string;
  date?: string;
}

function fromFolders(dirs: string[]): FolderHints {
  const out: FolderHints = {};
  for (const raw of [...dirs].reverse()) {
    const d = normaliseName(raw);
    if (!out.classification) {
      const c = /^([1-9](?:\.[1-9][0-9]?){1,3})(?![\d.])/.exec(d);
      if (c?.[1]) out.classification = c[1];
    }
    if (!out.nature) {
      const n = natureFromWords(d);
      if (n) out.nature = n;
    }
    if (!out.year && /^(19|20)\d{2}$/.test(d)) out.year = d;
    if (!out.date) {
      const found = findDates(d)[0];
      if (found) out.date = found.iso;
    }
  }
  return out;
}

/** The files of a folder share its reading: kept for the last folders met (a drop is read folder by folder). */
const folderMemo = new Map<string, FolderHints>();

function folderHints(dirs: string[]): FolderHints {
  const key = dirs.join('/');
  let hints = folderMemo.get(key);
  if (!hints) {
    hints = fromFolders(dirs);
    if (folderMemo.size >= 256) folderMemo.clear();
    folderMemo.set(key, hints);
  }
  return hints;
}

function applyUserRule(c: CompiledRule, target: string): ActMetadata | null {
  const m = execUserRule(c, target);
  if (!m) return null;
  const g = m.groups ?? {};
  const out: ActMetadata = {};
  if (g.nature) {
    const n = natureFromGroup(g.nature);
    if (n) out.nature = n;
  }
  if (!out.nature && c.rule.natureDefault) out.nature = c.rule.natureDefault;
  if (g.number) {
    const n = normaliseActNumber(g.number);
    if (n) out.number = n;
  }
  if (g.date) {
    const d = parseLooseDate(g.date.replace(/_/g, ' '));
    if (d) out.date = d;
  } else if (g.year && g.month && g.day) {
    const y = g.year.length === 2 ? 2000 + Number(g.year) : Number(g.year);
    const mo = /^\d+$/.test(g.month) ? Number(g.month) : monthFromWord(g.month);
    const d = mo ? isoDate(y, mo, Number(g.day)) : undefined;
    if (d) out.date = d;
  }
  if (g.objet) {
    const o = cleanObjet(g.objet);
    if (o) out.objet = o;
  }
  if (g.classification && isClassificationFormat(g.classification.trim())) out.classification = g.classification.trim();
  return out;
}

/**
 * Key shared by an act and its annexes/signatures. Nature+number when known (qualified by
 * the folder when the number does not carry a year, since short numbers restart yearly),
 * else the folder + file stem without annex/signature markers.
 */
function actKeyFor(dir: string, fileName: string, m: ActMetadata): string | null {
  if (m.nature && m.number) {
    // AR/AI can differ between an act and its annex (hints in the objet): same key.
    const nature = m.nature === 'AI' ? 'AR' : m.nature;
    return /^(19|20)\d{2}_/.test(m.number) || !dir ? `${nature}:${m.number}` : `${nature}:${m.number}@${fold(dir)}`;
  }
  const stem = companionStem(fileName);
  if (!stem) return null;
  return dir ? `file:${fold(dir)}/${stem}` : `file:${stem}`;
}

/** Reads act metadata from a relative path ('/' separators). Never throws on bad rules. */
export function readActMetadata(relativePath: string, userRules?: UserRule[]): ActMetadataReading {
  const rel = relativePath.normalize('NFC').replace(/\\/g, '/');
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  const fileName = parts.pop() ?? '';
  const dir = parts.join('/');
  const role = fileRole(fileName);
  const stem = normaliseName(stripSignatureMarker(stripExtensions(normaliseName(fileName))));

  let metadata: ActMetadata = {};
  let ruleName: string | null = null;

  for (const r of userRules ?? []) {
    let compiled: CompiledRule;
    try {
      compiled = compileUserRule(r);
    } catch {
      continue; // Reported by validateUserRules / previewRules; a bad rule never blocks capture.
    }
    const target = r.appliesTo === 'path' ? normaliseName(stripExtensions(rel)) : stem;
    const got = applyUserRule(compiled, target);
    if (got) {
      metadata = got;
      ruleName = r.name;
      break;
    }
  }

  const builtin = extractFromStem(stem);
  if (!ruleName && builtin.how.length) ruleName = `Règle intégrée : ${builtin.how.join(', ')}`;
  for (const f of METADATA_FIELDS) {
    if (metadata[f] === undefined && builtin.fields[f] !== undefined) {
      (metadata as Record<MetadataField, string | undefined>)[f] = builtin.fields[f];
    }
  }

  const folder = folderHints(parts);
  if (!metadata.nature && folder.nature) metadata.nature = folder.nature;
  if (!metadata.nature) {
    const weak = natureFromWords(stem);
    if (weak) metadata.nature = weak;
  }
  if (!metadata.classification && folder.classification) metadata.classification = folder.classification;
  if (!metadata.date && folder.date) metadata.date = folder.date;
  if (metadata.nature === 'AR' && INDIVIDUAL_HINTS.test(fold(`${dir} ${stem}`).replace(/[_./-]+/g, ' ')))
    metadata.nature = 'AI';
  if (!ruleName && (folder.nature || folder.classification)) ruleName = 'Règle intégrée : dossiers';

  const ordered: ActMetadata = {};
  for (const f of METADATA_FIELDS) if (metadata[f] !== undefined) (ordered as Record<string, string>)[f] = metadata[f]!;
  const missing = METADATA_FIELDS.filter((f) => ordered[f] === undefined);
  return { metadata: ordered, missing, ruleName, role, actKey: actKeyFor(dir, fileName, ordered) };
}

export interface RulePreview {
  ruleErrors: Array<{ rule: string; message: string }>;
  rows: Array<{ path: string } & ActMetadataReading>;
}

/** Live preview for the rules editor: rule errors in French, then each path's reading. */
export function previewRules(paths: string[], rules: UserRule[]): RulePreview {
  const ruleErrors = validateUserRules(rules);
  return { ruleErrors, rows: paths.map((p) => ({ path: p, ...readActMetadata(p, rules) })) };
}
