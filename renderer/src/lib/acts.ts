// The core's domain tables, imported rather than copied: they are pure TypeScript modules
// (no Node import), bundled by Vite with the renderer. One vocabulary for the engine, the
// contract and the screens.
import type { DocumentState, NatureCode } from '../../../main/contract/api';
import { classificationLabel, isClassificationFormat } from '../../../main/contract/acts/classification';
import { NATURES, isNatureCode, natureInfo } from '../../../main/contract/acts/natures';
import { normaliseActNumber } from '../../../main/contract/acts/number';
import { OBJET_MAX } from '../../../main/contract/acts/validate';
import {
  DOCUMENT_STATES,
  METADATA_EDITABLE_STATES as CORE_METADATA_EDITABLE_STATES,
} from '../../../main/contract/types';

export {
  DOCUMENT_STATES,
  NATURES,
  OBJET_MAX,
  classificationLabel,
  isClassificationFormat,
  isNatureCode,
  normaliseActNumber,
};

/** Every nature code, in the core's order. */
export const NATURE_CODES: readonly NatureCode[] = NATURES.map((n) => n.code);

export function natureLabel(code: NatureCode): string {
  return natureInfo(code).label;
}

/**
 * States in which the screens offer the metadata form: the engine's own list
 * (main/core/types.ts, which updateMetadata checks), less « Ignoré » — an ignored
 * document shows its « Reprendre » banner, not the form, until it is brought back.
 */
export const METADATA_EDITABLE_STATES: readonly DocumentState[] = CORE_METADATA_EDITABLE_STATES.filter(
  (s) => s !== 'ignored',
);

/** The common folder of relative paths (`a/b/x.pdf`, `a/c/y.pdf` → `a`), '' when none. */
export function commonFolder(relativePaths: string[]): string {
  const split = relativePaths.map((p) => p.split(/[\\/]/).slice(0, -1));
  const first = split[0];
  if (!first) return '';
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('/');
}

/** The name of that common folder (its last segment), to title a folder deposit. */
export function commonFolderName(relativePaths: string[]): string {
  const common = commonFolder(relativePaths);
  return common.split('/').pop() ?? '';
}
