// Documents: intake (dropped files, uploads), listing, detail, metadata and state changes.
import { z } from 'zod';
import type { ActMetadata, ArchiveKind, DocumentState, FileRole } from '../types';
import { absolutePath, actMetadataSchema, documentFilterSchema, id, ids } from '../schemas';
import { fileGroupsSchema } from '../acts/grouping';

export const documentChannels = {
  /**
   * Without a profileId the commune is guessed from the paths (refused when they do not tell).
   * confirmLarge: the user agreed to seal files above the « largeFileConfirmMb » setting.
   * groups: which files make one act, as confirmed in the drop dialog (contract/acts/grouping).
   */
  intakePaths: z
    .object({
      profileId: id.optional(),
      paths: z.array(absolutePath).min(1).max(10_000),
      confirmLarge: z.boolean().default(false),
      groups: fileGroupsSchema.optional(),
    })
    .strict(),
  intakeUploaded: z
    .object({
      profileId: id.optional(),
      uploadIds: ids(10_000),
      confirmLarge: z.boolean().default(false),
      groups: fileGroupsSchema.optional(),
    })
    .strict(),
  /** Which commune do these paths or file names name (SIREN or name)? Nothing is read or written. */
  guessCommune: z.object({ paths: z.array(z.string().max(4096)).min(1).max(10_000) }).strict(),
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
  /** An annex's or signature's act number (« 2024_045 »), when attached to a numbered act. */
  parentNumber?: string | null;
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
    /** The archive the package went to ('demo': nothing really archived); null before it is prepared. */
    archiveKind: ArchiveKind | null;
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
  /** Which commune received the files, and what their paths said about it. */
  commune: IntakeCommune;
}

export interface CommuneGuessView {
  /** The one commune the paths name, or null (none, or several). */
  profileId: string | null;
  /** The paths name two or more communes: ask the user. */
  ambiguous: boolean;
  /** Every commune some path names, most named first. */
  named: { profileId: string; name: string }[];
}

export interface IntakeCommune {
  profileId: string;
  name: string;
  /** 'caller': the commune the caller named; 'guess': named by the paths; 'only': the only commune. */
  chosenBy: 'caller' | 'guess' | 'only';
  /** The commune the paths name, if exactly one. */
  guessedProfileId: string | null;
  ambiguous: boolean;
  /** The caller's commune is kept, but the paths clearly name another one: warn the user. */
  mismatch: boolean;
  /** French one-liner for the drop confirmation (« 3 fichiers reçus pour Commune de … »). */
  message: string;
}

export interface DocumentResponses {
  intakePaths: IntakeResult;
  intakeUploaded: IntakeResult;
  guessCommune: CommuneGuessView;
  listDocuments: { total: number; rows: DocumentSummary[] };
  countDocuments: Record<DocumentState, number>;
  getDocument: DocumentDetail;
  updateMetadata: DocumentDetail;
  retryDocuments: { changed: number };
  ignoreDocuments: { changed: number };
  forceDocuments: { changed: number };
}
