// @CTES natures: two-letter code used in file names ↔ @CTES number ↔ French label.
import type { NatureCode } from '../types';
import { NATURE_CODES } from '../types';

export interface NatureInfo {
  code: NatureCode;
  /** @CTES numeric code (1..6) */
  actes: number;
  label: string;
}

export const NATURES: readonly NatureInfo[] = [
  { code: 'DE', actes: 1, label: 'Délibérations' },
  { code: 'AR', actes: 2, label: 'Actes réglementaires' },
  { code: 'AI', actes: 3, label: 'Actes individuels' },
  { code: 'CC', actes: 4, label: 'Contrats, conventions et avenants' },
  { code: 'BF', actes: 5, label: 'Documents budgétaires et financiers' },
  { code: 'AU', actes: 6, label: 'Autres' },
];

export function isNatureCode(value: unknown): value is NatureCode {
  return typeof value === 'string' && (NATURE_CODES as readonly string[]).includes(value);
}

export function natureInfo(code: NatureCode): NatureInfo {
  const n = NATURES.find((x) => x.code === code);
  if (!n) throw new Error(`unknown nature ${code}`);
  return n;
}

export function natureFromActesNumber(n: number): NatureCode | undefined {
  return NATURES.find((x) => x.actes === n)?.code;
}
