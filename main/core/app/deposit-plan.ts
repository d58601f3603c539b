// « Verser ces documents »: from the chosen documents to queued transfers, set-based. One
// transaction reads the documents, their acts and the acts' annexes (one query each), checks
// each act as before, groups the acts into versements — several never-sent acts of a profile
// that allows it share one transfer (≤ 50 acts, ≤ 100 MiB), as the sync engine would merge
// them before their first send — inserts the transfers with their MessageIdentifiers (stored
// before any attempt: the key of exactly-once), moves every document to « en file » with one
// statement and appends one journal entry per document, in order. The `document.state`
// events go out after the commit. A crash anywhere before the commit leaves nothing planned.
import { metadataVerdict } from '../acts';
import { canTransition } from '../capture/states';
import type { CoreEvent, EventBus } from '../events';
import type { LoadedPolicy } from '../policy';
import type { Journal } from '../seal/journal';
import { generateMessageIdentifier } from '../seda/package';
import type { Db } from '../store/db';
import type { Profile, ProfileRepository } from '../store/profiles';
import { DepositPlanStore, type PlanDocument } from '../store/transfers-plan';
import { newTransferRecord, type TransferRepository } from '../store/transfers';
import { filesAccepted, planGroups, profileMayBatch, type PlannedAct } from './deposit-batching';
import { notReadyMessage } from './deposit-refusals';

/** Total size allowed for one act and its annexes (@CTES: 150 MB). */
export const ACT_MAX_BYTES = 150_000_000;

export interface DepositPlan {
  transferIds: string[];
  queuedDocuments: number;
  problems: { id: string; message: string }[];
}

export interface DepositPlanDeps {
  db: Db;
  journal: Journal;
  bus: Pick<EventBus, 'emit'>;
  profiles: Pick<ProfileRepository, 'get'>;
  transfers: Pick<TransferRepository, 'insertMany'>;
  policy?: LoadedPolicy;
}

type Problems = DepositPlan['problems'];

/** Groups the chosen documents into versements (one act, or several merged); queues them. */
export function planDeposit(d: DepositPlanDeps, ids: readonly string[]): DepositPlan {
  const problems: Problems = [];
  const transferIds: string[] = [];
  let queuedDocuments = 0;
  const events: CoreEvent[] = [];
  d.db
    .transaction(() => {
      const store = new DepositPlanStore(d.db);
      const docs = store.documents(ids);
      const parents = store.documents(
        [...docs.values()].flatMap((x) => (x.parentId && !docs.has(x.parentId) ? [x.parentId] : [])),
      );
      const acts = new Map<string, PlanDocument>();
      for (const id of ids) {
        const doc = docs.get(id);
        if (!doc) {
          problems.push({ id, message: 'Document introuvable.' });
          continue;
        }
        const act = doc.parentId ? (docs.get(doc.parentId) ?? parents.get(doc.parentId)) : doc;
        if (!act) {
          problems.push({ id, message: 'L’acte auquel cette annexe est rattachée est introuvable.' });
          continue;
        }
        acts.set(act.id, act);
      }
      const children = store.children([...acts.keys()]);
      const profiles = new Map<string, { profile: Profile; mayBatch: boolean } | null>();
      const ready: Array<PlannedAct<PlanDocument> & { profile: Profile }> = [];
      for (const act of acts.values()) {
        const members = [act, ...(children.get(act.id) ?? [])];
        if (!actReady(act, members, problems)) continue;
        if (!profiles.has(act.profileId)) {
          const profile = d.profiles.get(act.profileId);
          profiles.set(act.profileId, profile && { profile, mayBatch: profileMayBatch(profile, d.policy) });
        }
        const p = profiles.get(act.profileId);
        if (!p) {
          problems.push({ id: act.id, message: 'Le profil de cette commune est introuvable.' });
          continue;
        }
        const bytes = members.reduce((s, m) => s + m.size, 0);
        const mergeable = p.mayBatch && filesAccepted(members);
        ready.push({ profileId: act.profileId, profile: p.profile, members, bytes, mergeable });
      }

      const at = new Date().toISOString();
      const groups = planGroups(ready);
      // The MessageIdentifier exists, stored, before the first attempt: the key of exactly-once.
      const records = groups.map((g) => {
        const profile = g.acts[0]!.profile;
        return newTransferRecord(
          {
            profileId: profile.id,
            messageIdentifier: generateMessageIdentifier(profile.siren || profile.id.slice(0, 8)),
            kind: 'act',
            state: 'queued',
            totalBytes: g.bytes,
          },
          at,
        );
      });
      d.transfers.insertMany(records);
      const moves = new Map<string, string>();
      groups.forEach((g, i) => {
        for (const act of g.acts) for (const m of act.members) moves.set(m.id, records[i]!.id);
      });
      new DepositPlanStore(d.db).queue(moves, at);
      // One entry per document, in order (the hash chain), as a single transition would write it.
      groups.forEach((g, i) => {
        const t = records[i]!;
        transferIds.push(t.id);
        for (const act of g.acts)
          for (const m of act.members) {
            d.journal.append({
              documentId: m.id,
              profileId: m.profileId,
              type: 'state',
              at,
              data: { from: m.state, to: 'queued', transferId: t.id, messageIdentifier: t.messageIdentifier },
            });
            events.push({
              type: 'document.state',
              documentId: m.id,
              profileId: m.profileId,
              from: m.state,
              to: 'queued',
              at,
            });
            queuedDocuments++;
          }
      });
    })
    .immediate();
  for (const e of events) d.bus.emit(e);
  return { transferIds, queuedDocuments, problems };
}

/** Whether an act and its annexes may be queued now; if not, why (in `problems`, unless already on its way). */
function actReady(act: PlanDocument, members: PlanDocument[], problems: Problems): boolean {
  const notReady = members.filter((m) => m.state !== 'ready' || !canTransition(m.state, 'queued'));
  if (notReady.length > 0) {
    for (const m of notReady) {
      if (m.state === 'queued' || m.state === 'sending' || m.state === 'sent' || m.state === 'acknowledged')
        return false;
      problems.push({ id: m.id, message: notReadyMessage(m) });
    }
    return false;
  }
  const verdict = metadataVerdict(act.role, act.metadata, act.parentId);
  if (!verdict.complete) {
    problems.push({
      id: act.id,
      message: `« ${act.fileName} » : ${verdict.reason ?? 'informations à compléter.'}`,
    });
    return false;
  }
  const total = members.reduce((s, m) => s + m.size, 0);
  if (total > ACT_MAX_BYTES) {
    problems.push({
      id: act.id,
      message: `L’acte et ses annexes pèsent ${(total / 1e6).toFixed(0)} Mo : la limite est de 150 Mo par acte.`,
    });
    return false;
  }
  return true;
}
