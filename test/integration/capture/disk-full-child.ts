// Child for the disk-full test. Runs inside its own mount namespace, where the parent's
// wrapper has mounted a 2 MiB tmpfs at <dir>/disque: the vault lives there, a filler file
// takes most of it. One file is dropped, one arrives in a watched folder; both meet ENOSPC.
// The filler is then removed, and both must get sealed without anybody asking again.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { WatchedFolderRepository } from '../../../main/core/store/watched-folders';
import { CaptureService } from '../../../main/core/capture/service';
import { EventBus } from '../../../main/core/events';

const [dir, mode = 'native'] = process.argv.slice(2) as [string, string?];
// Polling (a network share, listed every 100 ms here): the listing must not pile new
// attempts on a file already waiting for its retry.
const polling = mode === 'polling';
const disk = join(dir, 'disque');
const filler = join(disk, 'remplissage.bin');
writeFileSync(filler, randomBytes(1900 * 1024));

const db = openDatabase(join(dir, 'sceau.db'));
const profileId = new ProfileRepository(db).create({ name: 'Mairie pleine', archiveKind: 'demo' }).id;
const watched = join(dir, 'Actes');
const dropped = join(dir, 'Dépôt');
mkdirSync(watched);
mkdirSync(dropped);
new WatchedFolderRepository(db).add({ profileId, path: watched });

const bus = new EventBus();
const errors: Array<{ path: string; message: string; at: number }> = [];
const t0 = Date.now();
bus.on((e) => {
  if (e.type === 'capture.error') errors.push({ path: e.path, message: e.message, at: Date.now() - t0 });
});
const service = new CaptureService({
  db,
  vaultDir: join(disk, 'coffre'),
  bus,
  settings: polling
    ? { stabilityDelayMs: 200, transientRetryMs: 3000, forcePolling: true, pollIntervalMs: 100 }
    : { stabilityDelayMs: 200, transientRetryMs: 300 },
});
await service.start();

// Small (seal pool) and larger than the pool's limit (streamed seal): both paths.
const droppedFile = join(dropped, 'DE_2024_001_budget primitif.pdf');
writeFileSync(droppedFile, randomBytes(700 * 1024));
const first = await service.intake(profileId, [droppedFile], 'drop');
writeFileSync(join(watched, 'Registre des arrêtés 2024.pdf'), randomBytes(1300 * 1024));

const until = async (ok: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return ok();
};
const count = (): number => (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
const bothFailed = await until(() => new Set(errors.map((e) => e.path)).size >= 2, 15_000);
// Still full a while later: retried, and still refused, nothing recorded.
await new Promise((r) => setTimeout(r, 800));
const failuresWhileFull = errors.length;
const documentsWhileFull = count();
rmSync(filler);
const freedAt = Date.now() - t0;
const sealed = await until(() => count() === 2, 20_000);
await service.stop();
// Checked here: the tmpfs (and the vault on it) disappears with this process.
const rows = (
  db.prepare('SELECT source_path, fingerprint_hex, vault_path, state FROM documents').all() as Array<{
    source_path: string;
    fingerprint_hex: string;
    vault_path: string;
    state: string;
  }>
).map((r) => {
  const copy = readFileSync(join(disk, 'coffre', ...r.vault_path.split('/')));
  return {
    ...r,
    copyHash: createHash('sha256').update(copy).digest('hex'),
    sameAsSource: copy.equals(readFileSync(r.source_path)),
  };
});
db.close();
process.stdout.write(
  JSON.stringify({ first, bothFailed, failuresWhileFull, documentsWhileFull, freedAt, sealed, errors, rows }) + '\n',
);
