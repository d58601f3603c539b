// A backlog leaves as a few versements, not one per act. When a transfer is about to be sent
// for the first time, the other act transfers of the same profile that have NEVER left the
// desktop (queued, no attempt recorded — the attempt is stored before the first byte, so no
// request was ever made for them) are merged with it into one transfer, up to a number of acts
// and a size; the merged transfer gets a new MessageIdentifier and its bordereau describes
// every act. Exactly once holds: a transfer that may have reached the archive (an attempt,
// an operation, in flight) is never merged, and the merge is one transaction — after a crash
// each act is in its old transfer or in the merged one, never both.
//
// Acts deposited together are already grouped so by the deposit plan (app/deposit-plan.ts);
// this merges what was queued apart (one act at a time, or by an earlier version).
//
// Why it matters: as@lae answers ACK and ATR per transfer and has no batch query, so each
// transfer costs at least two polls; 10,000 desktops' Monday backlog is ≈ 104,000 acts.
import type { CoreEvent, EventBus } from '../events';
import type { SyncQueueStore } from '../store/sync-queue';
import { newTransferRecord, type TransferRecord } from '../store/transfers';
import type { Clock } from './clock';

export interface BatchOptions {
  /** Most acts in one merged transfer. */
  maxActs: number;
  /** Largest merged transfer (bytes, as recorded before the package is built). */
  maxBytes: number;
  /** Most documents (acts, annexes, signatures) in one merged transfer; unbounded when absent. */
  maxDocuments?: number;
  /** Profiles whose archive takes several acts in one transfer (e.g. none with a one-act SEDA profile). */
  allowed(profileId: string): boolean;
  /**
   * Whether this transfer may join others: one the archive would refuse as it is (e.g. a file
   * name with a forbidden character) goes alone, so it fails alone, with its own reason.
   */
  accepts?(transferId: string): boolean;
  /** A new MessageIdentifier for the merged transfer (stored before any attempt, like any other). */
  messageIdentifier(profileId: string): string;
  /** Inside the merge transaction, before the documents move: the journal records the move. */
  onMerge?(into: TransferRecord, fromIds: readonly string[]): CoreEvent[] | void;
}

export interface BatcherDeps {
  store: Pick<SyncQueueStore, 'get' | 'freshSiblings' | 'merge'>;
  options: BatchOptions;
  clock: Pick<Clock, 'now'>;
  bus: Pick<EventBus, 'emit'>;
}

export class Batcher {
  constructor(private readonly d: BatcherDeps) {}

  /**
   * The transfer to send in place of `seedId`: the seed itself, or a new transfer carrying it
   * and its fresh siblings (their ids are added to `merged`). `busy`: in flight in this process.
   */
  gather(seedId: string, busy: (id: string) => boolean, merged: Set<string>): string {
    const o = this.d.options;
    const seed = this.d.store.get(seedId);
    if (!seed || !o.allowed(seed.profileId) || o.accepts?.(seedId) === false) return seedId;
    const nowIso = new Date(this.d.clock.now()).toISOString();
    const picked: string[] = [];
    let acts = 0;
    let bytes = 0;
    let documents = 0;
    const maxDocuments = o.maxDocuments ?? Infinity;
    let createdAt = seed.createdAt;
    for (const c of this.d.store.freshSiblings(seedId, nowIso)) {
      if (c.id !== seedId && busy(c.id)) continue;
      const first = picked.length === 0;
      if (
        !first &&
        (acts + c.acts > o.maxActs || bytes + c.totalBytes > o.maxBytes || documents + c.documents > maxDocuments)
      )
        continue;
      if (!first && o.accepts?.(c.id) === false) continue;
      picked.push(c.id);
      acts += c.acts;
      bytes += c.totalBytes;
      documents += c.documents;
      if (c.createdAt < createdAt) createdAt = c.createdAt;
      if (acts >= o.maxActs || documents >= maxDocuments) break;
    }
    if (picked.length < 2 || picked[0] !== seedId) return seedId;
    const into = newTransferRecord(
      {
        profileId: seed.profileId,
        messageIdentifier: o.messageIdentifier(seed.profileId),
        kind: 'act',
        totalBytes: bytes,
        // Keeps the backlog's place in the queue.
        createdAt,
      },
      nowIso,
    );
    const events = this.d.store.merge(into, picked, () => o.onMerge?.(into, picked));
    if (events === null) return seedId;
    for (const id of picked) merged.add(id);
    for (const e of events) this.d.bus.emit(e);
    return into.id;
  }
}
