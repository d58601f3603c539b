// Group commit: sealed files that finish in the same tick (a seal-pool batch arrives all at
// once) share one SQLite transaction (one fsync), each in its own savepoint so one failure
// does not sink the others. Events are told only after the commit.
import type { Db } from '../store/db';
import type { CoreEvent, EventBus } from '../events';
import type { Journal } from '../seal/journal';
import { recordSealedFile, type RecordOutcome, type SealedCandidate } from './record';

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
    const done: Array<() => void> = [];
    const events: CoreEvent[] = [];
    try {
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              const r = recordSealedFile(this.db, this.journal, item.input);
              events.push(...r.events);
              done.push(() => item.resolve(r.outcome));
            } catch (e) {
              done.push(() => item.reject(e));
            }
          }
        })
        .immediate();
    } catch (e) {
      for (const item of batch) item.reject(e);
      return;
    }
    for (const ev of events) this.bus.emit(ev);
    for (const d of done) d();
  }
}
