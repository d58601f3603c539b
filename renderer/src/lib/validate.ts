// Client-side checks, beside each field, made with the core's OWN rules (pure TypeScript
// modules, bundled by Vite): the @CTES formats of main/core/acts/validate.ts and the
// completeness rule of main/core/acts/completeness.ts, so the form and the engine never
// disagree. Format problems carry the core's French message; a missing field, the
// catalog's. The contract's schemas (main/contract/api.ts) give the SIREN and folder-title rules.
import type { ActMetadata } from '../../../main/contract/api';
import { CHANNELS, profileInputSchema } from '../../../main/contract/api';
import { metadataVerdict } from '../../../main/contract/acts/completeness';
import { validateActMetadata } from '../../../main/contract/acts/validate';
import { t, type MessageKey } from '../i18n/fr';

export type FieldErrors = Partial<Record<keyof ActMetadata, string>>;

const MISSING: Record<keyof ActMetadata, MessageKey> = {
  nature: 'valid.nature',
  number: 'valid.numberMissing',
  date: 'valid.dateMissing',
  objet: 'valid.objetMissing',
  classification: 'valid.classificationMissing',
};

/** The draft as the core will see it: blank fields are absent (the form never saves them). */
export function withoutBlanks(m: ActMetadata): ActMetadata {
  const out: ActMetadata = {};
  for (const [k, v] of Object.entries(m) as [keyof ActMetadata, string | undefined][]) {
    if (v !== undefined && v.trim() !== '') (out as Record<string, string>)[k] = k === 'objet' ? v.trim() : v;
  }
  return out;
}

/** Checks a metadata draft; `requireAll` (acts) also reports the fields still missing. */
export function checkMetadata(m: ActMetadata, requireAll: boolean): FieldErrors {
  const out: FieldErrors = {};
  const clean = withoutBlanks(m);
  if (requireAll) for (const f of metadataVerdict('act', clean).missing) out[f] = t(MISSING[f]);
  for (const p of validateActMetadata(clean)) out[p.field] ??= p.message;
  return out;
}

/**
 * A SIREN as typed or pasted (« 212 901 227 », « 212.901.227 », non-breaking spaces): the
 * separators go, the digits stay — never cut to a length first.
 */
export function cleanSiren(raw: string): string {
  return raw.replace(/[\s.\-\u00a0\u202f]/g, '');
}

export function isSiren(s: string): boolean {
  return profileInputSchema.shape.siren.safeParse(s).success;
}

const folderTitle = CHANNELS.depositFolder.shape.title;

/** The folder deposit's title, checked with the contract's own limits. */
export function checkFolderTitle(title: string): string | undefined {
  const length = [...title.trim()].length;
  if (length < (folderTitle.minLength ?? 1)) return t('folder.titleMissing');
  if (folderTitle.maxLength !== null && title.trim().length > folderTitle.maxLength)
    return t('folder.titleLong', { count: length, max: folderTitle.maxLength });
  return undefined;
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function isTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}
