// What a file's name and folders say (readActMetadata, ~20 µs a file) is read while the
// file is being sealed, not in the record step: the record step runs on this thread while
// the seal workers wait for their next batch, the seal does not. Requests made in one turn
// are read together at the next, after the seal pool has dispatched its batch.
import { readActMetadata, type ActMetadataReading, type UserRule } from '../acts';

interface Pending {
  relativePath: string;
  rules: UserRule[];
  resolve: (r: ActMetadataReading | undefined) => void;
}

export class NameReadings {
  private pending: Pending[] = [];

  /** The reading, or undefined if it could not be made (the record step reads it then). */
  read(relativePath: string, rules: UserRule[]): Promise<ActMetadataReading | undefined> {
    return new Promise((resolve) => {
      if (this.pending.push({ relativePath, rules, resolve }) === 1) setImmediate(() => this.run());
    });
  }

  private run(): void {
    const batch = this.pending;
    this.pending = [];
    for (const p of batch) {
      try {
        p.resolve(readActMetadata(p.relativePath, p.rules));
      } catch {
        p.resolve(undefined);
      }
    }
  }
}
