// Child process for the batch-boundary crash test: seals a drop folder and SIGKILLs itself
// at a chosen batch boundary — after the batch's vault copies are durable but before its
// SQLite commit ('before-commit'), right after the commit, before the next batch
// ('after-commit'), or when the walk hands over its next chunk while earlier files are still
// sealing or waiting for their record ('next-chunk'). Chunks and the window of files in flight
// are small here (200 / 300), so a 600-file drop crosses both.
// Run with --import bench/capture/ts-hooks.ts.
import { openDatabase } from '../../../main/core/store/db';
import { CaptureService } from '../../../main/core/capture/service';
import { RecordQueue } from '../../../main/core/capture/record-queue';
import { EventBus } from '../../../main/core/events';
import { CaptureRecordRepository } from '../../../main/core/store/capture-records';

const [dbFile, vaultDir, dropDir, profileId, crashAt, crashBatch] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  'before-commit' | 'after-commit' | 'next-chunk' | 'none',
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
// Each chunk of the walk is planned with one lookup of what is already sealed: the chunk boundary.
let chunks = 0;
const records = CaptureRecordRepository.prototype as unknown as { latestSealsOf: (...a: unknown[]) => unknown };
const latestSealsOf = records.latestSealsOf;
records.latestSealsOf = function (this: unknown, ...a: unknown[]): unknown {
  chunks++;
  if (crashAt === 'next-chunk' && chunks === Number(crashBatch)) process.kill(process.pid, 'SIGKILL');
  return latestSealsOf.apply(this, a);
};
const db = openDatabase(dbFile);
const service = new CaptureService({
  db,
  vaultDir,
  bus: new EventBus(),
  settings: { stabilityDelayMs: 0, intakeChunk: 200, intakeWindow: 300 },
});
await service.intake(profileId, [dropDir], 'drop');
process.stdout.write(`done ${batches} ${chunks}\n`);
db.close();
