// The metadata form's pure rules: the act number normalised the way file names are
// (« 2024-045 » → « 2024_045 », shown before saving instead of refused), the draft turned
// into what updateMetadata receives, the core's validation split by field, and which
// message a field shows (the user's own edit leads over what the core saw).
import type { ActMetadata, DocumentDetail } from '../../../main/contract/api';
import { normaliseActNumber } from './acts';
import { checkMetadata, withoutBlanks, type FieldErrors } from './validate';

export const FIELDS: (keyof ActMetadata)[] = ['nature', 'number', 'date', 'objet', 'classification'];

/**
 * What will be saved for a typed number: the core's own normalisation (separators to « _ »,
 * capitals, 15 characters). `changed` says whether the preview must be shown.
 */
export function numberPreview(raw: string): { value: string; changed: boolean } {
  const trimmed = raw.trim();
  if (trimmed === '') return { value: '', changed: false };
  const value = normaliseActNumber(trimmed) ?? trimmed;
  return { value, changed: value !== trimmed };
}

/** The draft as the core will store it: blanks dropped, the number normalised. */
export function draftToMetadata(draft: ActMetadata): ActMetadata {
  const out = withoutBlanks(draft);
  if (out.number !== undefined) out.number = numberPreview(out.number).value;
  return out;
}

/** The client check, on what will really be saved (a « 2024-045 » is not an error). */
export function checkDraft(draft: ActMetadata, isAct: boolean): FieldErrors {
  return checkMetadata(draftToMetadata(draft), isAct);
}

/** The core's validation messages: by field, and the rest (shown together below the form). */
export function splitValidation(validation: DocumentDetail['validation']): { byField: FieldErrors; other: string[] } {
  const byField: FieldErrors = {};
  const other: string[] = [];
  for (const v of validation) {
    if ((FIELDS as string[]).includes(v.field)) byField[v.field as keyof ActMetadata] ??= v.message;
    else other.push(v.message);
  }
  return { byField, other };
}

export interface ErrorInputs {
  draft: ActMetadata;
  saved: ActMetadata;
  client: FieldErrors;
  server: FieldErrors;
  /** The field was left once (or the form submitted): its client message may show. */
  shown: boolean;
}

/** The message beside one field, if any. */
export function fieldError(field: keyof ActMetadata, x: ErrorInputs): string | undefined {
  const client = x.shown ? x.client[field] : undefined;
  // The core's message applies to what it saw; once the user edits, the client check leads.
  const server = x.draft[field] === x.saved[field] ? x.server[field] : undefined;
  return client ?? server;
}

/** The first field with a problem, in the form's order (focused on submit). */
export function firstProblem(errors: FieldErrors): keyof ActMetadata | undefined {
  return FIELDS.find((f) => errors[f]);
}
