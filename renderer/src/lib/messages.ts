// Words the engine sends that reach the user go through the catalog here, so an internal
// name (« detected », « moved ») can never be shown as is: a journal entry's label comes
// from the renderer's catalog by its type, and a state always by its French name.
import type { DocumentState, TimelineEntry } from '../../../main/contract/api';
import { DOCUMENT_STATES } from '../../../main/contract/types';
import { hasKey, t } from '../i18n/fr';

/** Internal words that must never be shown: the states and the journal's entry types. */
export const INTERNAL_WORDS = [...DOCUMENT_STATES, 'moved', 'metadata', 'seal', 'state'] as const;

export function stateName(state: DocumentState): string {
  return t(`state.${state}`);
}

/** The label of a history line: the engine's French label for a state change, else ours. */
export function timelineLabel(e: Pick<TimelineEntry, 'type' | 'label' | 'state'>): string {
  const key = `journal.${e.type}`;
  if (!e.state && hasKey(key)) return t(key);
  // A label that is only an internal word (« detected ») is never shown.
  if (e.label.trim() === '' || (INTERNAL_WORDS as readonly string[]).includes(e.label.trim()) || e.label === e.type)
    return e.state ? stateName(e.state) : t('journal.other');
  return e.label;
}

/** Engine or archive text shown as is, with the typographic apostrophe (« l'accord » → « l’accord »). */
export function frenchText(text: string): string {
  // \u0027 is the straight apostrophe (written so, a quote inside a regex confuses tools).
  return text.replace(/(\p{L})\u0027(?=\p{L})/gu, '$1’');
}

/**
 * A document's reason with the right lead-in: a refusal or failure is a « Motif », what a
 * document still needs is « Il manque » — never « Motif : À compléter : … ».
 */
export function reasonLine(state: DocumentState, reason: string): { label: string; text: string } {
  const text = frenchText(reason.trim());
  // An annex or signature without its act: what it needs is an act, said as such.
  if (/^À rattacher\s*:/u.test(text))
    return { label: t('attach.label'), text: text.replace(/^À rattacher\s*:\s*/u, '') };
  if (state === 'needs_metadata')
    return { label: t('detail.missingLabel'), text: text.replace(/^À compléter\s*:\s*/u, '') };
  return { label: t('detail.reason'), text };
}
