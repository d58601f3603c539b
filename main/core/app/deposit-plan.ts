// « Verser ces documents »: from the chosen documents to queued transfers, set-based. One
// transaction reads the documents, their acts and the acts' annexes (one query each), checks
// each act as before, groups the acts into versements — several never-sent acts of a profile
// that allows it share one transfer (≤ 50 acts, ≤ 100 MiB), as the sync engine would merge
// them before their first send — inserts the transfers with their MessageIdentifiers (stored
// before any attempt: the key of exactly-once), moves every document to « en file » with one
// statement and appends one journal entry per document, in order. The `document.state`
// events go out after the commit. A crash anywhere before the commit leaves nothing planned.
import { metadataVerdict } from '../acts';
import { canTransition, IllegalTransitionError } from '../capture/states';
import type { CoreEvent, EventBus } from '../events';
import type { LoadedPolicy } from '../policy';
import type { Journal, JournalAppend } from '../seal/journal';
import { generateMessageIdentifier } from '../seda/package';
import type { Db } from '../store/db';
import type { Profile, ProfileRepository } from '../store/profiles';
import { DepositPlanStore, type PlanDocument } from '../store/transfers-plan';
import { newTransferRecord, type TransferRecord, type TransferRepository } from '../store/transfers';
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
      queuedDocuments = queueMembers(
        d,
        groups.map((g, i) => ({ transfer: records[i]!, members: g.acts.flatMap((a) => a.members) })),
        at,
        events,
      );
      transferIds.push(...records.map((t) => t.id));
    })
    .immediate();
  for (const e of events) d.bus.emit(e);
  return { transferIds, queuedDocuments, problems };
}

/**
 * Moves the members of each transfer to « en file » (one statement) and appends one journal
 * entry per document, in order, with the data a single transition would record; the events
 * are collected for after the commit. Returns how many documents were queued.
 */
function queueMembers(
  d: Pick<DepositPlanDeps, 'db' | 'journal'>,
  planned: ReadonlyArray<{ transfer: TransferRecord; members: readonly PlanDocument[] }>,
  at: string,
  events: CoreEvent[],
  extra: Record<string, unknown> = {},
): number {
  const moves = new Map<string, string>();
  for (const { transfer, members } of planned)
    for (const m of members) {
      // The state machine still decides (capture/states.ts), as for a single transition.
      if (!canTransition(m.state, 'queued')) throw new IllegalTransitionError(m.id, m.state, 'queued');
      moves.set(m.id, transfer.id);
    }
  const from = [...new Set(planned.flatMap((p) => p.members.map((m) => m.state)))];
  new DepositPlanStore(d.db).queue(moves, at, from);
  // In order, the head read once per 256 entries: not all of a 5,000-document plan held at once.
  let entries: JournalAppend[] = [];
  for (const { transfer: t, members } of planned)
    for (const m of members) {
      if (entries.length === 256) {
        d.journal.appendMany(entries);
        entries = [];
      }
      entries.push({
        documentId: m.id,
        profileId: m.profileId,
        type: 'state',
        at,
        data: { from: m.state, to: 'queued', transferId: t.id, messageIdentifier: t.messageIdentifier, ...extra },
      });
      events.push({
        type: 'document.state',
        documentId: m.id,
        profileId: m.profileId,
        from: m.state,
        to: 'queued',
        at,
      });
    }
  d.journal.appendMany(entries);
  return moves.size;
}

/**
 * One transfer for a whole folder: every file chosen and their annexes, « prêt » or « à
 * compléter » (per-file act metadata is not required), one commune. Same set-based reads and
 * writes as `planDeposit`, in one transaction; all or nothing.
 */
export function planFolderDeposit(d: DepositPlanDeps, ids: readonly string[], title: string): DepositPlan {
  const none = (problems: Problems): DepositPlan => ({ transferIds: [], queuedDocuments: 0, problems });
  const events: CoreEvent[] = [];
  const plan = d.db
    .transaction((): DepositPlan => {
      const problems: Problems = [];
      const store = new DepositPlanStore(d.db);
      const docs = store.documents(ids);
      const children = store.children([...docs.keys()]);
      const members = new Map<string, PlanDocument>();
      for (const id of ids) {
        const doc = docs.get(id);
        if (!doc) {
          problems.push({ id, message: 'Document introuvable.' });
          continue;
        }
        members.set(doc.id, doc);
        for (const child of children.get(doc.id) ?? []) members.set(child.id, child);
      }
      const all = [...members.values()];
      if (all.length === 0) return none(problems);
      if (new Set(all.map((m) => m.profileId)).size > 1)
        return none([
          ...problems,
          {
            id: all[0]!.id,
            message: 'Un dossier versé d’un seul tenant doit contenir des documents d’une seule commune.',
          },
        ]);
      const blocked = all.filter((m) => m.state !== 'ready' && m.state !== 'needs_metadata');
      if (blocked.length > 0)
        return none([...problems, ...blocked.map((m) => ({ id: m.id, message: notReadyMessage(m) }))]);
      const profile = d.profiles.get(all[0]!.profileId);
      if (!profile) return none([{ id: all[0]!.id, message: 'Le profil de cette commune est introuvable.' }]);
      const at = new Date().toISOString();
      const t = newTransferRecord(
        {
          profileId: profile.id,
          messageIdentifier: generateMessageIdentifier(profile.siren || profile.id.slice(0, 8)),
          kind: 'folder',
          title,
          state: 'queued',
          totalBytes: all.reduce((s, m) => s + m.size, 0),
        },
        at,
      );
      d.transfers.insertMany([t]);
      const queued = queueMembers(d, [{ transfer: t, members: all }], at, events, { folder: title });
      return { transferIds: [t.id], queuedDocuments: queued, problems };
    })
    .immediate();
  for (const e of events) d.bus.emit(e);
  return plan;
}

/** Whether an act and its annexes may be queued now; if not, why (in `problems`, unless already on its way). */
function actReady(act: PlanDocument, members: PlanDocument[], problems: Problems): boolean {
  const notReady = members.filter((m) => m.state !== 'ready');
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
