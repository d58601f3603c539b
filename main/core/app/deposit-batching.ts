// Several acts in one versement (acts deposited together: at plan time, deposit-plan.ts;
// acts queued apart: before their first send, the sync engine's batching.ts): which profiles
// may, how acts are shared out, the bordereau's shape (one RecordGrp holding each act's own
// unit tree, as a bordereau de versement listing several acts), and the journal entry that
// records each act's move to a merged transfer.
import type { CoreEvent } from '../events';
import type { Journal } from '../seal/journal';
import type { Profile, ProfileRepository } from '../store/profiles';
import type { LoadedPolicy } from '../policy';
import { generateMessageIdentifier } from '../seda/package';
import { fileIssues } from '../seda/preflight';
import { archiveOptions } from './profile-options';
import type { DocumentRecord } from '../store/documents';
import type { Db } from '../store/db';
import { SyncDocuments } from '../store/sync-documents';
import type { TransferRecord, TransferRepository } from '../store/transfers';
import type { ManagementSettings } from '../../contract/types';
import type { UnitInput } from '../seda/types';
import type { BatchOptions } from '../sync/batching';

/** Journal entry type: a document moved to a merged transfer before anything was sent. */
export const TRANSFER_MERGED = 'transfer.merged';

/** Caps of a merged versement: 50 acts, 100 MiB (below the 150 MB pre-flight limit per transfer). */
export const BATCH_MAX_ACTS = 50;
export const BATCH_MAX_BYTES = 100 * 1024 * 1024;
/**
 * And at most 1,000 documents (acts with their annexes and signatures): a bordereau lists
 * every one of them, read and built in memory on both sides. An act that alone carries more
 * still goes, alone (an act never leaves its annexes).
 */
export const BATCH_MAX_DOCUMENTS = 1000;

export interface BatchCaps {
  maxActs: number;
  maxBytes: number;
  maxDocuments: number;
}
export const BATCH_CAPS: BatchCaps = {
  maxActs: BATCH_MAX_ACTS,
  maxBytes: BATCH_MAX_BYTES,
  maxDocuments: BATCH_MAX_DOCUMENTS,
};

/**
 * Whether a profile's transfers may carry several acts: not when the archive checks them
 * against a SEDA profile (declared or given as RelaxNG: it may describe exactly one act), nor
 * when rules differ per act (per nature, personal data producer, appraisal from the act's date).
 */
export function canBatch(
  profile: Pick<Profile, 'archivalProfile'>,
  sedaProfileRng: string | undefined,
  m: ManagementSettings,
): boolean {
  if (profile.archivalProfile || sedaProfileRng) return false;
  if (m.byNature && Object.keys(m.byNature).length > 0) return false;
  if (m.personalDataOriginatingAgencyId) return false;
  if (m.appraisal?.rule && m.appraisal.startDate !== 'transfer') return false;
  return true;
}

/** Whether this profile's acts may share a versement, imposed settings applied (canBatch). */
export function profileMayBatch(profile: Profile, policy?: LoadedPolicy): boolean {
  const o = archiveOptions(profile, policy);
  return canBatch(profile, o.sedaProfileRng, o.management);
}

/** Whether these files may travel with other acts: one the archive would refuse goes alone, to fail alone. */
export function filesAccepted(files: ReadonlyArray<{ fileName: string; size: number }>): boolean {
  return files.every((f) => fileIssues(f.fileName, f.size).length === 0);
}

/** An act ready to be queued: its members (the act first) and their total size. */
export interface PlannedAct<D> {
  profileId: string;
  members: D[];
  bytes: number;
  /** May share a versement (its profile allows it and its files pass the pre-flight's file checks). */
  mergeable: boolean;
}

/**
 * The deposit plan's versements: a profile's mergeable acts fill transfers of at most
 * BATCH_MAX_ACTS acts, BATCH_MAX_BYTES and BATCH_MAX_DOCUMENTS documents (first fit, in the
 * order given), as the sync engine would merge them before their first send; any other act
 * (one over a cap by itself included) goes alone.
 */
export function planGroups<A extends PlannedAct<unknown>>(
  acts: readonly A[],
  caps: { maxActs: number; maxBytes: number; maxDocuments?: number } = BATCH_CAPS,
): Array<{ profileId: string; acts: A[]; bytes: number }> {
  type Group = { profileId: string; acts: A[]; bytes: number; documents: number };
  const maxDocuments = caps.maxDocuments ?? BATCH_MAX_DOCUMENTS;
  const groups: Group[] = [];
  // Per profile, the groups that still have room (full ones leave the list).
  const open = new Map<string, Group[]>();
  for (const act of acts) {
    const documents = act.members.length;
    if (!act.mergeable || act.bytes > caps.maxBytes || documents > maxDocuments) {
      groups.push({ profileId: act.profileId, acts: [act], bytes: act.bytes, documents });
      continue;
    }
    const candidates = open.get(act.profileId) ?? [];
    open.set(act.profileId, candidates);
    let g = candidates.find((c) => c.bytes + act.bytes <= caps.maxBytes && c.documents + documents <= maxDocuments);
    if (!g) {
      g = { profileId: act.profileId, acts: [], bytes: 0, documents: 0 };
      groups.push(g);
      candidates.push(g);
      // Bounded search: the oldest group with room left stays as it is.
      if (candidates.length > 8) candidates.shift();
    }
    g.acts.push(act);
    g.bytes += act.bytes;
    g.documents += documents;
    if (g.acts.length >= caps.maxActs || g.documents >= maxDocuments) candidates.splice(candidates.indexOf(g), 1);
  }
  return groups.map(({ profileId, acts: members, bytes }) => ({ profileId, acts: members, bytes }));
}

/** A transfer's documents, one group per act (the act first, then its annexes and signatures). */
export function actGroups(docs: DocumentRecord[]): DocumentRecord[][] {
  const ids = new Set(docs.map((d) => d.id));
  const groups = new Map<string, DocumentRecord[]>();
  for (const d of docs) {
    const key = d.parentId && ids.has(d.parentId) ? d.parentId : d.id;
    const g = groups.get(key) ?? [];
    groups.set(key, g);
    if (key === d.id) g.unshift(d);
    else g.push(d);
  }
  return [...groups.values()];
}

/** The root of a several-act versement: each act's unit below, dates spanning them. */
export function batchUnit(acts: UnitInput[], description: string): UnitInput {
  const dates = acts.flatMap((u) => [u.startDate ?? u.metadata?.date, u.endDate ?? u.metadata?.date]).filter(Boolean);
  const sorted = (dates as string[]).sort();
  return {
    title: `Versement de ${acts.length} actes`,
    descriptionLevel: 'RecordGrp',
    description,
    ...(sorted.length ? { startDate: sorted[0]!, endDate: sorted[sorted.length - 1]! } : {}),
    children: acts,
    objects: [],
  };
}

export interface DepositBatchingDeps {
  db: Db;
  journal: Journal;
  transfers: Pick<TransferRepository, 'get'>;
  profiles: Pick<ProfileRepository, 'get'>;
  policy?: LoadedPolicy;
}

/** The sync engine's batch options for the app: caps, which profiles, new identifier, journal. */
export function depositBatching(d: DepositBatchingDeps): BatchOptions {
  const docs = new SyncDocuments(d.db);
  return {
    ...BATCH_CAPS,
    allowed: (profileId) => {
      const profile = d.profiles.get(profileId);
      return profile !== null && profileMayBatch(profile, d.policy);
    },
    // A file the pre-flight would refuse keeps its act out of the merge: it fails alone.
    accepts: (transferId) => filesAccepted(docs.filesOf(transferId)),
    // Stored before any attempt, like every MessageIdentifier (plan()).
    messageIdentifier: (profileId) =>
      generateMessageIdentifier(d.profiles.get(profileId)?.siren || profileId.slice(0, 8)),
    onMerge: (into: TransferRecord, fromIds: readonly string[]): CoreEvent[] => {
      for (const fromId of fromIds) {
        const from = d.transfers.get(fromId);
        for (const doc of docs.ofTransfer(fromId)) {
          d.journal.append({
            documentId: doc.id,
            profileId: into.profileId,
            type: TRANSFER_MERGED,
            data: {
              fromTransferId: fromId,
              ...(from ? { fromMessageIdentifier: from.messageIdentifier } : {}),
              transferId: into.id,
              messageIdentifier: into.messageIdentifier,
            },
          });
        }
      }
      return [];
    },
  };
}
