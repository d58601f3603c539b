// Watched folders and the preview of what the naming rules read in them.
import { z } from 'zod';
import type { ActMetadata, FileRole } from '../types';
import { absolutePath, empty, id, userRuleSchema } from '../schemas';
import type { PendingCounts } from './profiles';

export const folderChannels = {
  listFolders: z.object({ profileId: id.optional() }).strict(),
  addFolder: z
    .object({
      profileId: id,
      path: absolutePath,
      mode: z.enum(['auto', 'native', 'polling']).default('auto'),
      exclusions: z.array(z.string().max(500)).max(100).default([]),
    })
    .strict(),
  updateFolder: z
    .object({
      id,
      mode: z.enum(['auto', 'native', 'polling']).optional(),
      exclusions: z.array(z.string().max(500)).max(100).optional(),
      enabled: z.boolean().optional(),
    })
    .strict(),
  removeFolder: z.object({ id }).strict(),
  previewRules: z
    .object({
      folderId: id.optional(),
      path: absolutePath.optional(),
      rules: z.array(userRuleSchema).max(50).optional(),
    })
    .strict(),
  chooseFolder: empty,
  /**
   * The assistant's check before it ends: the path exists, is a folder, can be read, and may
   * be watched here. Any string (a typed path): the answer says in French what is wrong.
   */
  checkFolder: z.object({ path: z.string().max(4096) }).strict(),
} as const;

export interface FolderCheck {
  ok: boolean;
  /** The path as it will be watched (resolved). */
  path: string;
  /** What is wrong, in French; null when ok. */
  message: string | null;
}

export interface FolderView {
  id: string;
  profileId: string;
  path: string;
  mode: 'auto' | 'native' | 'polling';
  effectiveMode: 'native' | 'polling';
  exclusions: string[];
  enabled: boolean;
  status: 'watching' | 'unavailable' | 'stopped';
  message?: string;
  /** What waits among the documents that came from this folder (the folder card). */
  pending: PendingCounts;
  /** Documents that came from this folder, in every state. */
  documentCount: number;
  /** Archived (accepted by the archive). */
  acceptedCount: number;
  /** The last time one of its documents changed (arrived, sealed, sent…); null when none yet. */
  lastActivityAt: string | null;
}

export interface RulePreviewRow {
  relativePath: string;
  metadata: ActMetadata;
  missing: string[];
  ruleName: string | null;
  role: FileRole;
  autoArchived: string | null;
  ignored: boolean;
}

export interface FolderResponses {
  listFolders: FolderView[];
  addFolder: FolderView;
  updateFolder: FolderView;
  removeFolder: { removed: boolean };
  previewRules: RulePreviewRow[];
  chooseFolder: { path: string | null };
  checkFolder: FolderCheck;
}
