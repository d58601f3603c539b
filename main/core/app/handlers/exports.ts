// Files the user takes away for one document: receipt, evidence package, original copy.
import { exportEvidenceFor, exportOriginalFor, exportReceiptFor, type ExportParts } from '../documents-export';
import { documentOf, type GroupHandlers } from './common';

export function exportHandlers(p: ExportParts): GroupHandlers<'exports'> {
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
  };
}
