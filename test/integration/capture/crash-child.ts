// Child process for the crash test: seals a drop folder and queues what is ready, until
// the parent kills it (SIGKILL) at a random moment. Run with --import bench/capture/ts-hooks.ts.
import { openDatabase } from '../../../main/core/store/db';
import { CaptureService } from '../../../main/core/capture/service';
import { transition } from '../../../main/core/capture/states';
import { EventBus } from '../../../main/core/events';

const [dbFile, vaultDir, dropDir, profileId] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(dbFile);
const bus = new EventBus();
const service = new CaptureService({ db, vaultDir, bus, settings: { stabilityDelayMs: 0, concurrency: 4 } });
process.stdout.write('started\n');
await service.intake(profileId, [dropDir], 'drop');
const ready = db.prepare("SELECT id FROM documents WHERE state = 'ready'").all() as Array<{ id: string }>;
for (const { id } of ready) transition(db, service.journal, bus, id, 'queued');
process.stdout.write('done\n');
db.close();
