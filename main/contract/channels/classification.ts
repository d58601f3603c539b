// The classification of acts: national base or the prefecture's imported list.
import { z } from 'zod';
import { id, shortText } from '../schemas';

export const classificationChannels = {
  searchClassification: z.object({ query: shortText, profileId: id.optional() }).strict(),
  /** Codes suggested by the everyday words of an act's objet and file name (« cantine » → 8.1). */
  suggestClassification: z.object({ text: z.string().max(1200), profileId: id.optional() }).strict(),
  getClassification: z.object({ profileId: id }).strict(),
  importClassification: z
    .object({
      profileId: id,
      fileName: z.string().trim().min(1).max(255),
      // The file's bytes (2 Mo at most): it is often ISO-8859-1, so it is not sent as text.
      contentBase64: z
        .string()
        .min(1, 'Le fichier est vide.')
        .max(2_796_204, 'Le fichier de classification est trop volumineux (2 Mo au plus).')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Le contenu du fichier est mal transmis.'),
    })
    .strict(),
  resetClassification: z.object({ profileId: id }).strict(),
} as const;

/** Which classification a collectivité uses: its prefecture's (imported) or the national base. */
export interface ClassificationView {
  source: 'national' | 'prefecture';
  fileName: string | null;
  /** DateClassification of the prefecture's file (AAAA-MM-JJ). */
  date: string | null;
  importedAt: string | null;
  count: number;
}

export interface ClassificationResponses {
  searchClassification: { source: 'national' | 'prefecture'; results: { code: string; label: string }[] };
  suggestClassification: { results: { code: string; label: string; because: string[] }[] };
  getClassification: ClassificationView;
  importClassification: ClassificationView;
  resetClassification: ClassificationView;
}
