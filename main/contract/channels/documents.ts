// Documents: intake (dropped files, uploads), listing, detail, metadata and state changes.
import { z } from 'zod';
import type { ActMetadata, DocumentState, FileRole } from '../types';
import { absolutePath, actMetadataSchema, documentFilterSchema, id, ids } from '../schemas';

export const documentChannels = {
  /** confirmLarge: the user agreed to seal files above the « largeFileConfirmMb » setting. */
  intakePaths: z
    .object({
      profileId: id,
      paths: z.array(absolutePath).min(1).max(10_000),
      confirmLarge: z.boolean().default(false),
    })
    .strict(),
  intakeUploaded: z
    .object({ profileId: id, uploadIds: ids(10_000), confirmLarge: z.boolean().default(false) })
    .strict(),
  listDocuments: documentFilterSchema,
  countDocuments: z.object({ profileId: id.optional() }).strict(),
  getDocument: z.object({ id }).strict(),
  updateMetadata: z.object({ id, metadata: actMetadataSchema, parentId: id.nullable().optional() }).strict(),
  retryDocuments: z.object({ ids: ids(10_000) }).strict(),
  ignoreDocuments: z.object({ ids: ids(10_000) }).strict(),
  forceDocuments: z.object({ ids: ids(10_000) }).strict(),
} as const;

export interface DocumentSummary {
  id: string;
  profileId: string;
  fileName: string;
  relativePath: string;
  size: number;
  state: DocumentState;
  role: FileRole;
  parentId: string | null;
  metadata: ActMetadata;
  missing: string[];
  reason: string | null;
  transferId: string | null;
  /** The archive's reference once accepted (« AE_2026_1 »). */
  archiveReference?: string | null;
  updatedAt: string;
  createdAt: string;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  type: string;
  state?: DocumentState;
  label: string;
  detail?: string;
}

export interface DocumentDetail extends DocumentSummary {
  fingerprint: { algorithm: string; hex: string } | null;
  sourcePath: string;
  timeline: TimelineEntry[];
  attachments: DocumentSummary[];
  transfer: {
    id: string;
    /** 'folder': deposited as one folder titled `title`. */
    kind: 'act' | 'folder';
    title: string | null;
    messageIdentifier: string;
    state: string;
    archiveReference: string | null;
    replyCode: string | null;
    replyComment: string | null;
    sentAt: string | null;
    acknowledgedAt: string | null;
    repliedAt: string | null;
  } | null;
  validation: { field: string; message: string }[];
  preview: { kind: 'image'; dataUrl: string } | { kind: 'pdf'; pages: number | null } | { kind: 'none' };
}

export interface IntakeResult {
  /** Files newly sealed. */
  accepted: number;
  /** Documents created or found again (moved, unchanged), in the order of the files. */
  documentIds: string[];
  /** Files set aside, with the reason in French (temporary file, locked, vanished …). */
  ignored: { path: string; reason: string }[];
  /**
   * Present when nothing was taken because some files are above the size to confirm (or
   * sparse: their disk use would grow to their full size once sealed). Ask the user, then
   * call again with confirmLarge: true.
   */
  needsConfirmation?: { path: string; size: number; sparse: boolean; message: string }[];
}

export interface DocumentResponses {
  intakePaths: IntakeResult;
  intakeUploaded: IntakeResult;
  listDocuments: { total: number; rows: DocumentSummary[] };
  countDocuments: Record<DocumentState, number>;
  getDocument: DocumentDetail;
  updateMetadata: DocumentDetail;
  retryDocuments: { changed: number };
  ignoreDocuments: { changed: number };
  forceDocuments: { changed: number };
}
