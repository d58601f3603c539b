// Child for the database-full test. Runs inside its own mount namespace, where the parent's
// wrapper has mounted a small tmpfs at <dir>/disque holding Sceau's data folder as installed:
// the database next to the vault. The disk is filled so that a dropped file's vault copy still
// fits but its record (the database's write-ahead log) does not: the drop must be told as a
// full disk in French, and recorded on its own once space is back, with the journal intact.
import { mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { CaptureService } from '../../../main/core/capture/service';
import { EventBus } from '../../../main/core/events';
import { Journal, computeEntryHash, GENESIS_HASH } from '../../../main/core/seal/journal';

const [dir] = process.argv.slice(2) as [string];
const disk = join(dir, 'disque');
const db = openDatabase(join(disk, 'sceau.db'));
const profileId = new ProfileRepository(db).create({ name: 'Mairie pleine', archiveKind: 'demo' }).id;
const dropped = join(dir, 'Dépôt');
mkdirSync(dropped);

const bus = new EventBus();
const errors: Array<{ path: string; message: string }> = [];
bus.on((e) => {
  if (e.type === 'capture.error') errors.push({ path: e.path, message: e.message });
});
const service = new CaptureService({
  db,
  vaultDir: join(disk, 'coffre'),
  bus,
  settings: { stabilityDelayMs: 100, transientRetryMs: 300 },
});
await service.start();

const SIZE = 64 * 1024;
const droppedFile = join(dropped, 'DE_2024_001_budget primitif.pdf');
writeFileSync(droppedFile, randomBytes(SIZE));
// Room for the copy (and a page to spare), none for the log frames of its record.
const fs = statfsSync(disk);
const free = fs.bavail * fs.bsize;
const filler = join(disk, 'remplissage.bin');
writeFileSync(filler, Buffer.alloc(free - SIZE - 4096, 1));

const count = (): number => (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
const first = await service.intake(profileId, [droppedFile], 'drop');
const documentsWhileFull = count();
rmSync(filler);
const until = async (ok: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return ok();
};
const recorded = await until(() => count() === 1, 10_000);
await service.stop();

const rows = db.prepare('SELECT fingerprint_hex, vault_path, state FROM documents').all() as Array<{
  fingerprint_hex: string;
  vault_path: string;
  state: string;
}>;
const copies = rows.map((r) => {
  const copy = readFileSync(join(disk, 'coffre', ...r.vault_path.split('/')));
  return { hex: r.fingerprint_hex, copyHash: createHash('sha256').update(copy).digest('hex') };
});
// The hash chain, entry by entry.
let prev = GENESIS_HASH;
let chainOk = true;
for (const e of new Journal(db).slice(1, Number.MAX_SAFE_INTEGER)) {
  if (e.prevHash !== prev || computeEntryHash(e) !== e.hash) chainOk = false;
  prev = e.hash;
}
db.close();
process.stdout.write(JSON.stringify({ first, documentsWhileFull, recorded, errors, copies, chainOk }) + '\n');
