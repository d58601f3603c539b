// Files the user takes away for one document: receipt, evidence package, original.
import { z } from 'zod';
import { documentFilterSchema, id } from '../schemas';

export const exportChannels = {
  exportReceipt: z.object({ documentId: id }).strict(),
  exportEvidence: z.object({ documentId: id }).strict(),
  openOriginal: z.object({ documentId: id }).strict(),
  /** The whole current list of Versements (its filter, not the rows on screen) as CSV. */
  exportDocumentList: documentFilterSchema.omit({ offset: true, limit: true }),
} as const;

export interface ExportRef {
  exportId: string;
  fileName: string;
  /** Electron saves to the user's Downloads folder; the web host serves it. */
  savedTo?: string;
}

export interface ExportResponses {
  exportReceipt: ExportRef;
  exportEvidence: ExportRef;
  openOriginal: ExportRef;
  /** `count`: the documents written (the « bordereau de versement »). */
  exportDocumentList: ExportRef & { count: number };
}
