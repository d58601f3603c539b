// Child process for the deposit-plan crash test (plan-crash.test.ts). `seed`: takes in a drop
// folder (real seals, real journal). `plan`: runs the deposit plan of every document and
// SIGKILLs itself at a chosen point — in the middle of the plan's journal entries (inside its
// transaction, `mid-plan`), or right after its commit, before any event is out (`after-commit`);
// `none` lets the plan finish. Run with --import bench/capture/ts-hooks.ts.
import { CaptureService } from '../../../main/core/capture/service';
import { DepositService } from '../../../main/core/app/deposit';
import { EventBus } from '../../../main/core/events';
import { Journal } from '../../../main/core/seal/journal';
import { openDatabase } from '../../../main/core/store/db';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { TransferRepository } from '../../../main/core/store/transfers';

const [mode, dbFile, vaultDir, arg, crashAt, crashAfter] = process.argv.slice(2) as [
  'seed' | 'plan',
  string,
  string,
  string,
  'mid-plan' | 'after-commit' | 'none',
  string,
];
const db = openDatabase(dbFile);
const bus = new EventBus();
if (mode === 'seed') {
  const [profileId, dropDir] = arg.split('\n') as [string, string];
  const service = new CaptureService({ db, vaultDir, bus, settings: { stabilityDelayMs: 0 } });
  const report = await service.intake(profileId, [dropDir], 'drop');
  await service.stop();
  process.stdout.write(`seeded ${report.created}\n`);
} else {
  const journal = new Journal(db);
  // Each queued document's journal entry is written inside the plan's transaction.
  const append = Journal.prototype.append;
  let queuedEntries = 0;
  Journal.prototype.append = function (this: Journal, input) {
    const data = input.data as { to?: string } | undefined;
    if (input.type === 'state' && data?.to === 'queued') {
      queuedEntries++;
      if (crashAt === 'mid-plan' && queuedEntries === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
    }
    return append.call(this, input);
  };
  // The plan writes its entries in order with appendMany: the kill then comes after the
  // entries before the chosen one are written, inside the same transaction, as with append.
  const appendMany = Journal.prototype.appendMany;
  Journal.prototype.appendMany = function (this: Journal, inputs) {
    for (const [i, input] of inputs.entries()) {
      const data = input.data as { to?: string } | undefined;
      if (input.type !== 'state' || data?.to !== 'queued') continue;
      queuedEntries++;
      if (crashAt === 'mid-plan' && queuedEntries === Number(crashAfter)) {
        appendMany.call(this, inputs.slice(0, i));
        process.kill(process.pid, 'SIGKILL');
      }
    }
    appendMany.call(this, inputs);
  };
  // The plan's events go out after its commit.
  bus.on(() => {
    if (crashAt === 'after-commit') process.kill(process.pid, 'SIGKILL');
  });
  const deposit = new DepositService({
    db,
    journal,
    bus,
    profiles: new ProfileRepository(db),
    documents: new DocumentRepository(db),
    transfers: new TransferRepository(db),
    stagingDir: `${vaultDir}-staging`,
    vaultDir,
  });
  const ids = (db.prepare('SELECT id FROM documents ORDER BY rowid').all() as { id: string }[]).map((r) => r.id);
  // `arg` 'folder': the whole lot as one folder versement (planFolder), else « Verser » (plan).
  const plan = arg === 'folder' ? deposit.planFolder(ids, 'Dossier') : deposit.plan(ids);
  process.stdout.write(`planned ${plan.queuedDocuments} ${plan.transferIds.length} ${plan.problems.length}\n`);
}
db.close();
