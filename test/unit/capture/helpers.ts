// Shared fixtures for capture tests: a temp dir with a real SQLite store and vault.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { EventBus, type CoreEvent } from '../../../main/core/events';

export interface Fixture {
  dir: string;
  dbFile: string;
  vaultDir: string;
  db: Db;
  bus: EventBus;
  events: CoreEvent[];
  profileId: string;
  cleanup: () => void;
}

export function makeFixture(prefix = 'sceau-capture-'): Fixture {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbFile = join(dir, 'sceau.db');
  const db = openDatabase(dbFile);
  const profileId = new ProfileRepository(db).create({
    name: 'Mairie de Test',
    archiveKind: 'demo',
    siren: '210000000',
  }).id;
  const bus = new EventBus();
  const events: CoreEvent[] = [];
  bus.on((e) => events.push(e));
  return {
    dir,
    dbFile,
    vaultDir: join(dir, 'vault'),
    db,
    bus,
    events,
    profileId,
    cleanup: () => {
      try {
        db.close();
      } catch {
        // already closed
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
