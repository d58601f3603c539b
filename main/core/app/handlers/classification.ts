// The classification of acts: search, and the prefecture's list imported per commune.
import path from 'node:path';
import type { ClassificationView } from '../../../contract/api';
import { CLASSIFICATION, searchClassification, suggestClassification } from '../../acts';
import { ClassificationFileError, parseClassificationFile } from '../../acts/classification-file';
import { UserError } from '../../api/dispatch';
import type { StoredClassification } from '../../store/classifications';
import type { EngineParts } from '../../parts';
import { profileOf, type GroupHandlers } from './common';

export type ClassificationParts = Pick<EngineParts, 'profiles' | 'classifications' | 'log'>;

export function classificationHandlers(p: ClassificationParts): GroupHandlers<'classification'> {
  return {
    async searchClassification({ query, profileId }) {
      const own = profileId ? p.classifications.get(profileId) : null;
      const results = own ? searchClassification(query, 20, own.entries) : searchClassification(query);
      return {
        source: own ? ('prefecture' as const) : ('national' as const),
        results: results.map((c) => ({ code: c.code, label: c.label })),
      };
    },

    async suggestClassification({ text, profileId }) {
      const own = profileId ? p.classifications.get(profileId) : null;
      const found = suggestClassification(text, own?.entries ?? CLASSIFICATION, 3);
      return { results: found.map((s) => ({ code: s.code, label: s.label, because: s.because })) };
    },

    async getClassification({ profileId }) {
      profileOf(p, profileId);
      return classificationView(p.classifications.get(profileId));
    },

    async importClassification({ profileId, fileName, contentBase64 }) {
      profileOf(p, profileId);
      let list;
      try {
        list = parseClassificationFile(Buffer.from(contentBase64, 'base64'));
      } catch (e) {
        if (e instanceof ClassificationFileError) throw new UserError(e.message);
        throw e;
      }
      const stored = p.classifications.set(profileId, path.basename(fileName), list.date, list.entries);
      p.log('info', `classification imported for profile ${profileId}: ${list.entries.length} entries`);
      return classificationView(stored);
    },

    async resetClassification({ profileId }) {
      profileOf(p, profileId);
      p.classifications.clear(profileId);
      return classificationView(null);
    },
  };
}

function classificationView(stored: StoredClassification | null): ClassificationView {
  if (!stored)
    return { source: 'national', fileName: null, date: null, importedAt: null, count: CLASSIFICATION.length };
  return {
    source: 'prefecture',
    fileName: stored.fileName,
    date: stored.date,
    importedAt: stored.importedAt,
    count: stored.entries.length,
  };
}
