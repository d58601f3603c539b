// Act numbers as @CTES wants them (digits, capitals and « _ », 15 at most). Shared by the
// engine (file names, typed numbers) and the renderer (the « 2024-045 → 2024_045 » preview).
import { ACT_NUMBER_PATTERN } from './validate';

function folded(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^0-9A-Z]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Read from a file name: `2024-045b` → `2024_045B`; needs a digit, cut to 15 characters. */
export function normaliseActNumber(raw: string): string | undefined {
  const n = folded(raw);
  if (!n || !/[0-9]/.test(n)) return undefined;
  return n.slice(0, 15);
}

/**
 * Typed by the user: « 2024-045 », « 2024/045 », « 2024.045 » → « 2024_045 ». Never cut: a
 * number that is still invalid once normalised is returned as typed, so the check says why.
 */
export function normaliseTypedActNumber(raw: string): string {
  const typed = raw.trim();
  // Only a number written with ordinary separators between letters and digits is rewritten:
  // « ../../etc/passwd » or a control character stays as typed, and is refused as such.
  if (!TYPED_NUMBER.test(typed)) return typed;
  const n = folded(typed);
  return ACT_NUMBER_PATTERN.test(n) ? n : typed;
}

/** Letters and digits separated by single « - », « / », « . », « _ », spaces or dashes. */
const TYPED_NUMBER = /^[\p{L}\p{N}]+(?:[-/._ \u2013\u2014][\p{L}\p{N}]+)*$/u;

export interface ActNumberPreview {
  /** What will be stored. */
  normalised: string;
  /** The user typed something else (the preview « 2024-045 → 2024_045 » is worth showing). */
  changed: boolean;
  /** Whether the stored number will be accepted. */
  valid: boolean;
  /** French one-liner for the form, e.g. « 2024-045 → 2024_045 ». */
  message: string;
}

/** The preview the form shows under the number field, with the very rule the engine applies. */
export function previewActNumber(raw: string): ActNumberPreview {
  const typed = raw.trim();
  const normalised = normaliseTypedActNumber(typed);
  const valid = ACT_NUMBER_PATTERN.test(normalised);
  const changed = normalised !== typed;
  let message: string;
  if (typed === '') message = '';
  else if (!valid)
    message =
      'Le numéro d’acte ne peut contenir que des chiffres, des lettres et des séparateurs (15 caractères au plus).';
  else if (changed) message = `« ${typed} » sera enregistré « ${normalised} ».`;
  else message = '';
  return { normalised, changed, valid, message };
}
