// Deposits to the archive and the sending queue (pause, resume, status).
import { z } from 'zod';
import { empty, ids } from '../schemas';

export const depositChannels = {
  depositNow: z.object({ ids: ids(100_000) }).strict(),
  depositTonight: z.object({ ids: ids(100_000) }).strict(),
  /** One transfer for a whole folder (a procurement file, a year of registers): the tree mirrors sub-folders. */
  depositFolder: z
    .object({
      ids: ids(10_000),
      title: z.string().trim().min(1, 'Donnez un intitulé au dossier.').max(499),
      tonight: z.boolean().default(false),
    })
    .strict(),
  pauseSync: empty,
  resumeSync: empty,
  getSyncStatus: empty,
} as const;

export interface SyncStatusView {
  paused: boolean;
  reason: 'user' | 'offline' | 'metered' | 'policy' | null;
  online: boolean;
  pendingCount: number;
  scheduledTonight: number;
  activeTransfers: { transferId: string; label: string; sentBytes: number; totalBytes: number; rate: number }[];
  currentRateLimitKbps: number | null;
}

export type DepositPlanView = { queued: number; problems: { id: string; message: string }[] };

export interface DepositResponses {
  depositNow: DepositPlanView;
  depositTonight: DepositPlanView;
  depositFolder: DepositPlanView;
  pauseSync: SyncStatusView;
  resumeSync: SyncStatusView;
  getSyncStatus: SyncStatusView;
}
