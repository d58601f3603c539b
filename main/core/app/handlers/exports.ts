// Files the user takes away: for one document (receipt, evidence package, original copy),
// and the current list of Versements as CSV (the « bordereau de versement »).
import path from 'node:path';
import type { ParsedRequestOf } from '../../../contract/api';
import { safeFileName } from '../../evidence/evidence-package';
import { DocumentExportReader } from '../../store/document-export';
import type { DocumentFilter } from '../../store/document-search';
import type { EngineParts } from '../../parts';
import { writeDocumentListCsv } from '../document-list-csv';
import { exportEvidenceFor, exportOriginalFor, exportReceiptFor, type ExportParts } from '../documents-export';
import { documentOf, type GroupHandlers } from './common';

export type ExportHandlerParts = ExportParts & Pick<EngineParts, 'db' | 'classifications'>;

/** The list's filter as the store reads it (the same mapping as listDocuments). */
export function storeFilter(f: ParsedRequestOf<'exportDocumentList'>): DocumentFilter {
  return {
    ...(f.profileId ? { profileId: f.profileId } : {}),
    ...(f.nature ? { nature: f.nature } : {}),
    ...(f.year ? { year: String(f.year) } : {}),
    ...(f.folderId ? { folderId: f.folderId } : {}),
    ...(f.role ? { role: f.role } : {}),
    ...(f.text ? { text: f.text } : {}),
    ...(f.states && f.states.length > 0 ? { state: f.states } : {}),
  };
}

export function exportHandlers(p: ExportHandlerParts): GroupHandlers<'exports'> {
  return {
    async exportReceipt({ documentId }) {
      return exportReceiptFor(p, documentOf(p, documentId));
    },

    async exportEvidence({ documentId }) {
      return exportEvidenceFor(p, documentOf(p, documentId));
    },

    async openOriginal({ documentId }) {
      return exportOriginalFor(p, documentOf(p, documentId));
    },

    async exportDocumentList(request) {
      const commune = request.profileId ? p.profiles.get(request.profileId)?.name : null;
      const day = new Date().toISOString().slice(0, 10);
      const fileName = safeFileName(
        `bordereau-versement-${commune ? `${commune}-` : ''}${day}.csv`.replace(/\s+/g, '-'),
      );
      const slot = p.exports.newSlot();
      const out = path.join(slot.dir, fileName);
      const count = await writeDocumentListCsv({
        reader: new DocumentExportReader(p.db),
        filter: storeFilter(request),
        sort: request.sort,
        classificationOf: (profileId) => p.classifications.get(profileId)?.entries ?? null,
        out,
      });
      p.exports.register(slot.id, { path: out, fileName });
      return { exportId: slot.id, fileName, count };
    },
  };
}
