// Checks of act metadata against @CTES rules, with messages a secretary understands.
import type { ActMetadata } from '../types';
import { isClassificationFormat } from './classification';
import { isNatureCode } from './natures';

export interface MetadataProblem {
  field: keyof ActMetadata;
  message: string;
}

export const ACT_NUMBER_PATTERN = /^[0-9A-Z_]{1,15}$/;
export const OBJET_MAX = 499;

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

export function validateActMetadata(m: ActMetadata): MetadataProblem[] {
  const out: MetadataProblem[] = [];
  if (m.nature !== undefined && !isNatureCode(m.nature)) {
    out.push({
      field: 'nature',
      message: `La nature « ${String(m.nature)} » est inconnue : choisissez DE, AR, AI, CC, BF ou AU.`,
    });
  }
  if (m.number !== undefined && !ACT_NUMBER_PATTERN.test(m.number)) {
    out.push({
      field: 'number',
      message: 'Le numéro d’acte ne peut contenir que des chiffres, des majuscules et « _ » (15 caractères au plus).',
    });
  }
  if (m.date !== undefined && !isValidIsoDate(m.date)) {
    out.push({ field: 'date', message: `La date « ${m.date} » n’existe pas ou n’est pas au format AAAA-MM-JJ.` });
  }
  if (m.objet !== undefined) {
    const o = m.objet;
    if (o.trim() === '') out.push({ field: 'objet', message: 'L’objet de l’acte est vide.' });
    else if (/[\r\n\u2028\u2029]/.test(o))
      out.push({ field: 'objet', message: 'L’objet de l’acte ne doit pas contenir de retour à la ligne.' });
    if ([...o].length > 499)
      out.push({
        field: 'objet',
        message: `L’objet de l’acte est trop long (${[...o].length} caractères, 499 au plus).`,
      });
  }
  if (m.classification !== undefined && !isClassificationFormat(m.classification)) {
    out.push({
      field: 'classification',
      message: `La classification « ${m.classification} » n’a pas le bon format (exemples : 7.1, 1.1.2).`,
    });
  }
  return out;
}
