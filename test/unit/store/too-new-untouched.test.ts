// A database written by a newer Sceau is refused in French and left byte-for-byte as it was:
// nothing (not even the journal mode in its header) is changed before the version is read.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { DatabaseSetupError, DatabaseTooNewError, openDatabase } from '../../../main/core/store/db';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

it('refuses a newer database without touching a byte of it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-too-new-'));
  dirs.push(dir);
  const file = join(dir, 'sceau.db');
  // A future schema kept with a rollback journal: opening it in WAL would rewrite its header.
  const raw = new Database(file);
  raw.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('donnée d’une version future');");
  raw.pragma('user_version = 999');
  raw.close();
  const before = digest(file);

  expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
  expect(() => openDatabase(file)).toThrow(/version plus récente de Sceau/);
  expect(() => openDatabase(file, { readonly: true })).toThrow(DatabaseTooNewError);

  expect(digest(file)).toBe(before);
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(existsSync(join(dir, 'backups'))).toBe(false);
  const again = new Database(file, { readonly: true });
  expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
  again.close();
});

it('a backup that cannot be written before a migration stops it, in French, with the database untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-backup-fails-'));
  dirs.push(dir);
  const file = join(dir, 'sceau.db');
  openDatabase(file, { migrations: MIGRATIONS.slice(0, -1), backupDir: join(dir, 'backups') }).close();
  const before = digest(file);
  // The backup folder's place is taken by a file: the copy cannot be made.
  const blocked = join(dir, 'occupied');
  writeFileSync(blocked, 'pas un dossier');
  expect(() => openDatabase(file, { backupDir: blocked })).toThrow(DatabaseSetupError);
  expect(() => openDatabase(file, { backupDir: blocked })).toThrow(/sauvegarde.*rien n’a été modifié/);
  expect(digest(file)).toBe(before);
  const db = new Database(file, { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-2)!.version);
  db.close();
});
