// Client-side checks mirroring the core's (main/core/acts/validate.ts), with messages from
// the catalog. The core's `getDocument().validation` remains the reference.
import type { ActMetadata } from '../../../preload/api';
import { t } from '../i18n/fr';

export const ACT_NUMBER_PATTERN = /^[0-9A-Z_]{1,15}$/;
export const CLASSIFICATION_PATTERN = /^[1-9](?:\.[1-9][0-9]?){0,3}$/;
export const OBJET_MAX = 499;

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export type FieldErrors = Partial<Record<keyof ActMetadata, string>>;

/** Checks a metadata draft; `requireAll` also reports empty fields (acts). */
export function checkMetadata(m: ActMetadata, requireAll: boolean): FieldErrors {
  const out: FieldErrors = {};
  if (!m.nature) {
    if (requireAll) out.nature = t('valid.nature');
  }
  if (!m.number) {
    if (requireAll) out.number = t('valid.numberMissing');
  } else if (!ACT_NUMBER_PATTERN.test(m.number)) out.number = t('valid.number');
  if (!m.date) {
    if (requireAll) out.date = t('valid.dateMissing');
  } else if (!isValidIsoDate(m.date)) out.date = t('valid.date');
  if (m.objet === undefined || m.objet.trim() === '') {
    if (requireAll || m.objet !== undefined) out.objet = t('valid.objetMissing');
  } else if (/[\r\n\u2028\u2029]/.test(m.objet)) out.objet = t('valid.objetLine');
  else if ([...m.objet].length > OBJET_MAX) out.objet = t('valid.objetLong', { count: [...m.objet].length });
  // The core's completeness rule (main/core/acts/completeness.ts): an act needs all five.
  if (!m.classification) {
    if (requireAll) out.classification = t('valid.classificationMissing');
  } else if (!CLASSIFICATION_PATTERN.test(m.classification)) out.classification = t('valid.classification');
  return out;
}

export function isSiren(s: string): boolean {
  return /^\d{9}$/.test(s);
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
