// Child process for the batch-boundary crash test: seals a drop folder and SIGKILLs itself
// at a chosen batch boundary — after the batch's vault copies are durable but before its
// SQLite commit ('before-commit'), or right after the commit, before the next batch
// ('after-commit'). Run with --import bench/capture/ts-hooks.ts.
import { openDatabase } from '../../../main/core/store/db';
import { CaptureService } from '../../../main/core/capture/service';
import { RecordQueue } from '../../../main/core/capture/record-queue';
import { EventBus } from '../../../main/core/events';

const [dbFile, vaultDir, dropDir, profileId, crashAt, crashBatch] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  'before-commit' | 'after-commit' | 'none',
  string,
];
let batches = 0;
// The group commit of one sealed batch (record-queue.ts): the boundary under test.
const proto = RecordQueue.prototype as unknown as { flush: () => void };
const flush = proto.flush;
proto.flush = function (this: unknown): void {
  batches++;
  const here = batches === Number(crashBatch);
  if (here && crashAt === 'before-commit') process.kill(process.pid, 'SIGKILL');
  flush.call(this);
  if (here && crashAt === 'after-commit') process.kill(process.pid, 'SIGKILL');
};
const db = openDatabase(dbFile);
const service = new CaptureService({ db, vaultDir, bus: new EventBus(), settings: { stabilityDelayMs: 0 } });
await service.intake(profileId, [dropDir], 'drop');
process.stdout.write(`done ${batches}\n`);
db.close();
