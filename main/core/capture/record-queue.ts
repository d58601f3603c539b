// Group commit: sealed files that finish in the same tick (a seal-pool batch arrives all at
// once) share one SQLite transaction (one fsync), each in its own savepoint so one failure
// does not sink the others. Events are told only after the commit. Duplicates and families
// are found with one set lookup per batch (fingerprints, act keys), not one query per file.
import type { Db } from '../store/db';
import type { CoreEvent, EventBus } from '../events';
import type { Journal } from '../seal/journal';
import { readActMetadata } from '../acts';
import { CaptureRecordRepository } from '../store/capture-records';
import type { DocumentRecord } from '../store/documents';
import { adoptByKey, adoptByKeys } from './families';
import { recordParts, recordSealedFile, type RecordHints, type RecordOutcome, type SealedCandidate } from './record';

interface Queued {
  input: SealedCandidate;
  resolve: (o: RecordOutcome) => void;
  reject: (e: unknown) => void;
}

export class RecordQueue {
  private readonly db: Db;
  private readonly journal: Journal;
  private readonly bus: EventBus;
  private readonly queue: Queued[] = [];

  constructor(db: Db, journal: Journal, bus: EventBus) {
    this.db = db;
    this.journal = journal;
    this.bus = bus;
  }

  record(input: SealedCandidate): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0);
    // Acts first: an annex listed before its act (a folder's listing order is arbitrary) then
    // finds its act in the same batch and is linked and ready at once, instead of waiting
    // « à rattacher » until the act's record adopts it (a link, a transition, a journal entry).
    for (const q of batch) q.input.reading ??= readActMetadata(q.input.relativePath, q.input.userRules);
    batch.sort((a, b) => roleRank(a.input) - roleRank(b.input));
    const done: Array<() => void> = [];
    const events: CoreEvent[] = [];
    try {
      this.db
        .transaction(() => {
          const hints = this.batchHints(batch.map((q) => q.input));
          const parts = { ...recordParts(this.db), adopting: [] as DocumentRecord[] };
          // The batch's new rows join the search index in one statement at its end.
          parts.docs.withBatchedSearchIndex(() => {
            for (const [i, item] of batch.entries()) {
              try {
                const r = recordSealedFile(this.db, this.journal, item.input, hints[i], parts);
                for (const ev of r.events) events.push(ev);
                done.push(() => item.resolve(r.outcome));
              } catch (e) {
                done.push(() => item.reject(e));
              }
            }
            for (const ev of this.adopt(parts.adopting)) events.push(ev);
          });
        })
        .immediate();
    } catch (e) {
      for (const item of batch) item.reject(e);
      return;
    }
    for (const ev of events) this.bus.emit(ev);
    for (const d of done) d();
  }

  /**
   * The batch's acts take in their waiting annexes, together (in a savepoint), else act by
   * act: an act whose adoption fails stays recorded, its annexes « à rattacher » as before.
   */
  private adopt(acts: DocumentRecord[]): CoreEvent[] {
    if (acts.length === 0) return [];
    try {
      return this.db.transaction(() => adoptByKeys(this.db, this.journal, acts))();
    } catch {
      return acts.flatMap((act) => {
        try {
          return this.db.transaction(() => adoptByKey(this.db, this.journal, act))();
        } catch {
          return [];
        }
      });
    }
  }

  /**
   * Per item: whether its fingerprint and act key are absent from the profile, read with one
   * query per profile and batch. Something first seen earlier in the same batch is not
   * "absent" for the items after it (the normal queries then run).
   */
  private batchHints(items: SealedCandidate[]): RecordHints[] {
    const repo = new CaptureRecordRepository(this.db);
    const readings = items.map((c) => c.reading ?? readActMetadata(c.relativePath, c.userRules));
    const known = new Map<string, { hexes: Set<string>; keys: Set<string> }>();
    for (const profileId of new Set(items.map((c) => c.profileId))) {
      const mine = items.map((c, i) => ({ c, r: readings[i]! })).filter((x) => x.c.profileId === profileId);
      known.set(profileId, {
        hexes: repo.knownFingerprints(
          profileId,
          mine.map((x) => x.c.seal.fingerprint.hex),
        ),
        keys: repo.knownActKeys(
          profileId,
          mine.map((x) => x.r.actKey).filter((k): k is string => k !== null),
        ),
      });
    }
    const seenHex = new Set<string>();
    const seenKey = new Set<string>();
    return items.map((c, i) => {
      const reading = readings[i]!;
      const k = known.get(c.profileId)!;
      const hex = `${c.profileId}\u0000${c.seal.fingerprint.hex}`;
      const key = reading.actKey === null ? null : `${c.profileId}\u0000${reading.actKey}`;
      const hints: RecordHints = {
        reading,
        fingerprintUnknown: !k.hexes.has(c.seal.fingerprint.hex) && !seenHex.has(hex),
        actKeyUnknown: key === null || (!k.keys.has(reading.actKey!) && !seenKey.has(key)),
      };
      seenHex.add(hex);
      if (key) seenKey.add(key);
      return hints;
    });
  }
}

/** Acts before annexes and signatures (Array.prototype.sort is stable: listing order otherwise). */
function roleRank(c: SealedCandidate): number {
  return c.reading?.role === 'act' ? 0 : 1;
}
