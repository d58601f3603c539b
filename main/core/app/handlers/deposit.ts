// Deposits to the archive (now, tonight, as one folder) and the sending queue's status.
import type { SyncStatusView } from '../../../contract/api';
import type { EngineParts } from '../../parts';
import type { GroupHandlers } from './common';
import { buildConnector } from '../connectors';
import { testDeposit } from '../dry-run';

export type DepositParts = Pick<
  EngineParts,
  'db' | 'deposit' | 'sync' | 'documents' | 'transfers' | 'profiles' | 'vaultDir' | 'stagingDir' | 'connectors'
>;

export function depositHandlers(p: DepositParts): GroupHandlers<'deposit'> {
  return {
    async testDeposit({ ids }) {
      return testDeposit(
        {
          deposit: p.deposit,
          documents: p.documents,
          profiles: p.profiles,
          vaultDir: p.vaultDir,
          stagingDir: p.stagingDir,
          dryRunConnector: (profile) => buildConnector(profile, 0, p.connectors, undefined, { dryRun: true }),
        },
        ids,
      );
    },

    async depositNow({ ids }) {
      const plan = p.deposit.plan(ids);
      // One commit for the whole request (the sync engine commits per transfer otherwise).
      p.db.transaction(() => p.sync.depositNow(plan.transferIds)).immediate();
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async depositTonight({ ids }) {
      const plan = p.deposit.plan(ids);
      p.sync.scheduleTonight(plan.transferIds);
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async depositFolder({ ids, title, tonight }) {
      const plan = p.deposit.planFolder(ids, title);
      if (tonight) p.sync.scheduleTonight(plan.transferIds);
      else p.sync.depositNow(plan.transferIds);
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async pauseSync() {
      p.sync.pause('user');
      return syncStatus(p);
    },

    async resumeSync() {
      p.sync.resume();
      return syncStatus(p);
    },

    async getSyncStatus() {
      return syncStatus(p);
    },
  };
}

function syncStatus(p: DepositParts): SyncStatusView {
  const st = p.sync.status();
  return {
    paused: st.paused,
    reason: st.reason,
    online: st.online,
    pendingCount: st.pendingCount,
    scheduledTonight: p.transfers.countScheduledTonight(),
    activeTransfers: st.active.map((a) => ({
      transferId: a.transferId,
      label: transferLabel(p, a.transferId),
      sentBytes: a.sentBytes,
      totalBytes: a.totalBytes,
      rate: a.rate,
    })),
    currentRateLimitKbps: st.rateLimit === null ? null : Math.round((st.rateLimit * 8) / 1000),
  };
}

function transferLabel(p: Pick<EngineParts, 'documents'>, transferId: string): string {
  const docs = p.documents.list({ transferId }, { limit: 1000 }).items;
  const acts = docs.filter((d) => !d.parentId);
  const act = acts.find((d) => d.role === 'act') ?? docs[0];
  if (!act) return 'Versement';
  const title = act.metadata.objet ?? act.fileName;
  // Several acts merged in one versement (sync/batching.ts).
  const others = acts.length - 1;
  return others > 0 ? `${title} et ${others} autre${others > 1 ? 's' : ''} acte${others > 1 ? 's' : ''}` : title;
}
