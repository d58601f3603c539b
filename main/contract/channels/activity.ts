// The activity feed: what happened, newest first, one French line each.
import { z } from 'zod';
import { id } from '../schemas';

export const activityChannels = {
  listActivity: z
    .object({
      profileId: id.optional(),
      /** The `nextBefore` of the previous page. */
      before: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
} as const;

export type ActivityKind =
  'sealed' | 'completed' | 'sent' | 'accepted' | 'rejected' | 'connection.lost' | 'connection.back';

export interface ActivityView {
  id: number;
  /** When it started (the first file of a batch). */
  at: string;
  /** When it last grew (the last file of a batch). */
  updatedAt: string;
  kind: ActivityKind;
  profileId: string | null;
  folderId: string | null;
  /** Set when the line is about one document (open it from the feed). */
  documentId: string | null;
  /** How many documents the line counts (a batch of files). */
  count: number;
  /** One line in French, e.g. « 3 fichiers reçus et scellés — dossier « Délibérations » ». */
  text: string;
}

export interface ActivityResponses {
  listActivity: { rows: ActivityView[]; nextBefore: number | null };
}
