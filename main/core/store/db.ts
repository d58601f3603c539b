// The one way to open the SQLite store: WAL + synchronous=FULL asserted on every
// connection, numbered migrations tracked by user_version, backup before migrating.
import Database from 'better-sqlite3';
import { mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  readonly?: boolean;
  /** Where the automatic pre-migration backup goes (default: `<db dir>/backups`). */
  backupDir?: string;
  /** For tests: a different migration list. */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

/** The database was written by a newer Sceau: refuse rather than corrupt it. */
export class DatabaseTooNewError extends Error {
  readonly found: number;
  readonly known: number;

  constructor(found: number, known: number) {
    super(
      `La base de données a été créée par une version plus récente de Sceau (schéma ${found}, ` +
        `cette version connaît le schéma ${known}). Installez la dernière version de Sceau.`,
    );
    this.name = 'DatabaseTooNewError';
    this.found = found;
    this.known = known;
  }
}

export class DatabaseSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

/** Sets and reads back the pragmas the durability promise depends on. */
export function assertConnectionPragmas(db: Db, busyTimeoutMs = 5000): void {
  if (!db.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // Statement and savepoint journals (rollback data for one statement or one recorded file,
  // never needed after a crash: the WAL is the durable record) stay in memory. On disk, each
  // documents INSERT (its trigger needs a statement journal) cost ~30 page writes: ~25 µs of
  // system time per file at intake.
  db.pragma('temp_store = MEMORY');
  // Checkpoint the WAL into the database every ~40 MiB rather than every 4 MiB (SQLite's
  // default). A large intake rewrites the same index and search pages commit after commit: a
  // 10,000-file deposit made 13 checkpoints (10,000 page copies and 13 fsyncs on the engine's
  // thread), now 1–2. Durability is the WAL's (synchronous=FULL above), not the checkpoint's.
  db.pragma('wal_autocheckpoint = 10000');
  const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  const sync = Number(db.pragma('synchronous', { simple: true }));
  const fk = Number(db.pragma('foreign_keys', { simple: true }));
  const busy = Number(db.pragma('busy_timeout', { simple: true }));
  if (mode !== 'wal' || sync !== 2 || fk !== 1 || busy !== Math.trunc(busyTimeoutMs)) {
    throw new DatabaseSetupError(
      `La base de données n’a pas pu être ouverte en mode sûr (journal_mode=${mode}, ` +
        `synchronous=${sync}, foreign_keys=${fk}). Vérifiez que le dossier n’est pas sur un partage réseau.`,
    );
  }
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  const known = migrations.at(-1)?.version ?? 0;
  if (!options.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const existedNonEmpty = file !== ':memory:' && existsSync(file) && statSync(file).size > 0;
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    // Read the version before any pragma: journal_mode=WAL rewrites the header of a database
    // a newer Sceau may have left otherwise, and a refused database must stay untouched.
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > known) throw new DatabaseTooNewError(current, known);
    assertConnectionPragmas(db, options.busyTimeoutMs);
    const pending = migrations.filter((m) => m.version > current);
    if (pending.length > 0) {
      if (options.readonly) {
        throw new DatabaseSetupError(
          `La base de données doit être mise à jour (schéma ${current} → ${known}) ; ouvrez Sceau normalement une fois.`,
        );
      }
      if (existedNonEmpty && current > 0) backupBeforeMigration(db, file, current, options.backupDir);
      for (const m of pending) {
        db.transaction(() => {
          // Read again under the write lock: another Sceau process (app and CLI started
          // together) may have applied it while this one waited.
          const now = Number(db.pragma('user_version', { simple: true }));
          if (now > known) throw new DatabaseTooNewError(now, known);
          if (now >= m.version) return;
          db.exec(m.sql);
          db.pragma(`user_version = ${m.version}`);
        }).immediate();
      }
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** VACUUM INTO a fresh file, synchronously, so a failed migration never costs data. */
function backupBeforeMigration(db: Db, file: string, version: number, backupDir?: string): string {
  const dir = backupDir ?? join(dirname(file), 'backups');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `${basename(file)}.v${version}.${stamp}.bak`);
  try {
    mkdirSync(dir, { recursive: true });
    db.prepare('VACUUM INTO ?').run(target);
  } catch (error) {
    // Without its backup the migration does not run: said in French, the database as it was.
    throw new DatabaseSetupError(
      `La sauvegarde de la base avant sa mise à jour n’a pas pu être écrite dans « ${dir} » ` +
        `(${(error as Error).message}) : rien n’a été modifié. Libérez de la place sur le disque ` +
        `ou vérifiez les droits de ce dossier, puis relancez Sceau.`,
    );
  }
  return target;
}

/** Current schema version known by this build. */
export function knownSchemaVersion(): number {
  return MIGRATIONS.at(-1)?.version ?? 0;
}
