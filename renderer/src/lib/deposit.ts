// The Déposer screen's pure rules: what « Manque : … » says, which documents the session's
// drops show (newest drop first), which of the latest drop can leave as one folder, and the
// outcome of a drop told with the commune it went to.
import type { DocumentSummary, IntakeResult } from '../../../main/contract/api';
import { t, type MessageKey } from '../i18n/fr';

const FIELD_LABEL: Record<string, MessageKey> = {
  nature: 'field.nature',
  number: 'field.number',
  date: 'field.date',
  objet: 'field.objet',
  classification: 'field.classification',
};

/** `['number', 'date']` → « numéro de l’acte, date de l’acte » (the form's own labels). */
export function missingText(missing: string[]): string {
  return missing.map((m) => (FIELD_LABEL[m] ? t(FIELD_LABEL[m]) : m).toLowerCase()).join(', ');
}

/** How many of the session's drops the Déposer screen lists. */
export const RECENT_MAX = 100;

/**
 * The session's dropped documents in the drops' order (`ids`: newest first), found among the
 * fetched rows; those still « à compléter » are listed above, not here.
 */
export function recentFromDrops(ids: readonly string[], rows: readonly DocumentSummary[]): DocumentSummary[] {
  const byId = new Map(rows.map((d) => [d.id, d]));
  return ids
    .slice(0, RECENT_MAX)
    .map((id) => byId.get(id))
    .filter((d): d is DocumentSummary => d !== undefined && d.state !== 'needs_metadata');
}

/** The ids of a drop not among the fetched rows (fetched one by one, at most `max`). */
export function missingIds(ids: readonly string[], rows: readonly DocumentSummary[], max = 20): string[] {
  const known = new Set(rows.map((d) => d.id));
  return ids
    .slice(0, RECENT_MAX)
    .filter((id) => !known.has(id))
    .slice(0, max);
}

/**
 * The latest drop's documents that can still leave as ONE folder, by path; empty when the
 * drop brought no sub-folder (loose files are acts, not a folder).
 */
export function folderDropDocs(ids: readonly string[], rows: readonly DocumentSummary[]): DocumentSummary[] {
  const wanted = new Set(ids);
  const mine = rows
    .filter((d) => wanted.has(d.id) && (d.state === 'ready' || d.state === 'needs_metadata'))
    .sort((a, b) => a.relativePath.localeCompare(b.relativePath, 'fr'));
  return mine.some((d) => /[\\/]/.test(d.relativePath)) ? mine : [];
}

export interface IntakeSummary {
  tone: 'success' | 'warning';
  /** « 3 fichiers reçus et scellés. » */
  accepted: string;
  /** « Pour la commune : Commune de Plouider. » — every drop names where it went. */
  commune: string;
  ignoredTitle: string | null;
  ignored: { name: string; reason: string }[];
}

export function intakeSummary(result: IntakeResult, communeName: string): IntakeSummary {
  return {
    tone: result.ignored.length > 0 ? 'warning' : 'success',
    accepted: t('deposit.accepted', { count: result.accepted }),
    commune: t('deposit.forCommune', { name: communeName }),
    ignoredTitle: result.ignored.length > 0 ? t('deposit.ignored', { count: result.ignored.length }) : null,
    ignored: result.ignored
      .slice(0, 50)
      .map((i) => ({ name: i.path.split(/[\\/]/).pop() || i.path, reason: i.reason })),
  };
}

export interface CommuneRef {
  id: string;
  name: string;
  siren: string;
}

/** Lower case, no accents, single spaces: « Commune de Locmélar » → « commune de locmelar ». */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The commune whose SIREN or name (without « Commune de ») appears in every file's path. */
export function communeNamedIn(paths: readonly string[], communes: readonly CommuneRef[]): string | null {
  if (paths.length === 0) return null;
  const folded = paths.map((p) => ` ${fold(p)} `);
  const compact = paths.map((p) => p.replace(/\D+/g, ' '));
  for (const c of communes) {
    const name = fold(c.name.replace(/^(commune|ville|mairie)\s+(de\s+la|de\s+l’|de\s+l'|de|du|des|d’|d')\s*/iu, ''));
    const bySiren = compact.every((p) => ` ${p} `.includes(` ${c.siren} `));
    const byName = name.length >= 3 && folded.every((p) => p.includes(` ${name} `));
    if (bySiren || byName) return c.id;
  }
  return null;
}

/**
 * Whether a drop must ask which commune it is for: only with several communes, and only
 * when the files' paths do not name the commune shown (`preselect` is the best guess).
 */
export function dropCommuneChoice(
  paths: readonly string[],
  communes: readonly CommuneRef[],
  activeId: string,
): { ask: boolean; preselect: string } {
  if (communes.length < 2) return { ask: false, preselect: activeId };
  const named = communeNamedIn(paths, communes);
  if (named === activeId) return { ask: false, preselect: activeId };
  return { ask: true, preselect: named ?? activeId };
}
