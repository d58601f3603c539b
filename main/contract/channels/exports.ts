// Files the user takes away for one document: receipt, evidence package, original.
import { z } from 'zod';
import { id } from '../schemas';

export const exportChannels = {
  exportReceipt: z.object({ documentId: id }).strict(),
  exportEvidence: z.object({ documentId: id }).strict(),
  openOriginal: z.object({ documentId: id }).strict(),
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
}
