// Deposits to the archive and the sending queue (pause, resume, status).
import { z } from 'zod';
import { empty, ids } from '../schemas';

/**
 * How many documents one plan transaction reads, queues and holds in memory: the engine plans
 * by these chunks, and the CLI sends by them (here, so the CLI need not load the engine to know it).
 */
export const PLAN_CHUNK = 5000;

export const depositChannels = {
  depositNow: z.object({ ids: ids(100_000) }).strict(),
  depositTonight: z.object({ ids: ids(100_000) }).strict(),
  /** « Tester le versement »: Vitam BLANK_TEST; as@lae / demo: full pre-flight. Nothing is archived. */
  testDeposit: z.object({ ids: ids(100) }).strict(),
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

/** One act of « Tester le versement ». */
export interface DryRunResult {
  documentId: string;
  fileName: string;
  /** The archive would take it (Vitam « Test OK ») / Sceau's checks all passed. */
  ok: boolean;
  /** What was done: Vitam's test à blanc, or Sceau's own checks only. */
  mode: 'vitam-blank-test' | 'preflight';
  /** Vitam: « Test OK » / « Test KO ». */
  replyCode?: string;
  /** French, in order: what was checked, then the archive's verdict. */
  messages: string[];
}

export type DepositPlanView = { queued: number; problems: { id: string; message: string }[] };

export interface DepositResponses {
  depositNow: DepositPlanView;
  depositTonight: DepositPlanView;
  testDeposit: DryRunResult[];
  depositFolder: DepositPlanView;
  pauseSync: SyncStatusView;
  resumeSync: SyncStatusView;
  getSyncStatus: SyncStatusView;
}
