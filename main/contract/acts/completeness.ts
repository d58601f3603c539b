// One rule for "can this act leave?": the five fields present AND valid. Used at capture,
// after an edit, and before a deposit, so the three never disagree.
import type { ActMetadata, FileRole } from '../types';
import { validateActMetadata, type MetadataProblem } from './validate';

/** The five fields an act needs before it may leave (read by rules or typed by the user). */
export type MetadataField = 'nature' | 'number' | 'date' | 'objet' | 'classification';
export const METADATA_FIELDS: readonly MetadataField[] = ['nature', 'number', 'date', 'objet', 'classification'];

const FIELD_LABEL: Record<MetadataField, string> = {
  nature: 'la nature',
  number: 'le numéro',
  date: 'la date',
  objet: 'l’objet',
  classification: 'la classification',
};

export interface MetadataVerdict {
  complete: boolean;
  missing: MetadataField[];
  problems: MetadataProblem[];
  /** French reason for « à compléter », null when complete. */
  reason: string | null;
}

/** Reason shown on an annex or signature that has no act yet: it never leaves alone. */
export const LOOSE_ATTACHMENT_REASON =
  'À rattacher : ce fichier accompagne un acte ; rattachez-le à son acte pour qu’il soit versé avec lui.';

/**
 * `parentId`: pass the document's act (null when it has none) so a loose annex is never
 * « prêt à verser » on its own; omitted, only the act fields are judged.
 */
export function metadataVerdict(role: FileRole, metadata: ActMetadata, parentId?: string | null): MetadataVerdict {
  // Annexes and signatures travel with their act: they need no act fields of their own, only an act.
  if (role !== 'act')
    return parentId === null
      ? { complete: false, missing: [], problems: [], reason: LOOSE_ATTACHMENT_REASON }
      : { complete: true, missing: [], problems: [], reason: null };
  const missing = METADATA_FIELDS.filter((f) => {
    const v = metadata[f];
    return v === undefined || String(v).trim() === '';
  });
  const problems = validateActMetadata(metadata);
  const reason =
    missing.length > 0
      ? `À compléter : ${missing.map((f) => FIELD_LABEL[f]).join(', ')}.`
      : problems.length > 0
        ? problems.map((p) => p.message).join(' ')
        : null;
  return { complete: missing.length === 0 && problems.length === 0, missing, problems, reason };
}
