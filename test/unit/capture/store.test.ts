import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseTooNewError, openDatabase } from '../../../main/core/store/db';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';
import { DocumentRepository } from '../../../main/core/store/documents';
import { buildWhere } from '../../../main/core/store/document-search';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { SettingsRepository } from '../../../main/core/store/settings';
import { TransferRepository } from '../../../main/core/store/transfers';
import { WatchedFolderRepository } from '../../../main/core/store/watched-folders';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sceau-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function pragmas(db: Database.Database): { mode: string; sync: number; fk: number } {
  return {
    mode: String(db.pragma('journal_mode', { simple: true })),
    sync: Number(db.pragma('synchronous', { simple: true })),
    fk: Number(db.pragma('foreign_keys', { simple: true })),
  };
}

describe('openDatabase', () => {
  it('sets WAL + synchronous=FULL + foreign keys on every connection, also after reopen', () => {
    const file = join(tmp(), 'a.db');
    const a = openDatabase(file);
    expect(pragmas(a)).toEqual({ mode: 'wal', sync: 2, fk: 1 });
    a.close();
    // A raw reopen falls back to synchronous=NORMAL/1 or FULL/2 default: openDatabase must set it again.
    const raw = new Database(file);
    raw.pragma('synchronous = OFF');
    raw.close();
    const b = openDatabase(file);
    const c = openDatabase(file);
    expect(pragmas(b)).toEqual({ mode: 'wal', sync: 2, fk: 1 });
    expect(pragmas(c)).toEqual({ mode: 'wal', sync: 2, fk: 1 });
    const ro = openDatabase(file, { readonly: true });
    expect(pragmas(ro).sync).toBe(2);
    expect(pragmas(ro).mode).toBe('wal');
    for (const d of [b, c, ro]) d.close();
  });

  it('keeps statement and savepoint journals in memory, and a savepoint still rolls back alone', () => {
    const file = join(tmp(), 't.db');
    const db = openDatabase(file);
    expect(Number(db.pragma('temp_store', { simple: true }))).toBe(2);
    const profileId = new ProfileRepository(db).create({ name: 'M', archiveKind: 'demo', siren: '210000000' }).id;
    const docs = new DocumentRepository(db);
    const row = (i: number) => ({
      profileId,
      folderId: null,
      sourcePath: `/x/${i}.pdf`,
      relativePath: `${i}.pdf`,
      fileName: `${i}.pdf`,
      size: 1,
      mtimeMs: 1,
      fingerprintAlg: 'sha256' as const,
      fingerprintHex: String(i).padStart(64, '0'),
      vaultPath: `v/${i}`,
      state: 'ready' as const,
      origin: 'cli' as const,
    });
    // One batch: the second of three files fails after its insert, in its own savepoint.
    const one = db.transaction((i: number) => {
      docs.insert(row(i));
      if (i === 2) throw new Error('boom');
    });
    db.transaction(() => {
      for (const i of [1, 2, 3]) {
        try {
          one.immediate(i);
        } catch {
          // that file only
        }
      }
    }).immediate();
    const names = (
      db.prepare('SELECT file_name FROM documents ORDER BY file_name').all() as Array<{ file_name: string }>
    ).map((r) => r.file_name);
    expect(names).toEqual(['1.pdf', '3.pdf']);
    db.close();
  });

  it('indexes transfer, parent and folder only for the rows that have one, and the queries still use them', () => {
    const db = openDatabase(join(tmp(), 'i.db'));
    const sqlOf = (name: string): string =>
      (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) as { sql: string }).sql;
    expect(sqlOf('documents_transfer')).toMatch(/WHERE transfer_id IS NOT NULL$/);
    expect(sqlOf('documents_parent')).toMatch(/WHERE parent_id IS NOT NULL$/);
    expect(sqlOf('documents_folder_state')).toMatch(/WHERE folder_id IS NOT NULL$/);
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM documents WHERE transfer_id = 'x'")).toContain('documents_transfer');
    expect(plan("SELECT id FROM documents WHERE parent_id IN ('a', 'b')")).toContain('documents_parent');
    expect(
      plan('SELECT folder_id, state, count(*) FROM documents WHERE folder_id IS NOT NULL GROUP BY folder_id, state'),
    ).toContain('documents_folder_state');
    db.close();
  });

  it('runs numbered migrations once and records user_version', () => {
    const file = join(tmp(), 'm.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as Array<{ name: string }>
    ).map((r) => r.name);
    for (const t of ['profiles', 'watched_folders', 'documents', 'transfers', 'settings', 'journal'])
      expect(tables).toContain(t);
    db.close();
    openDatabase(file).close(); // second open: nothing to do, no error
  });

  it('refuses a database written by a newer version, with a French message', () => {
    const file = join(tmp(), 'new.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/version plus récente de Sceau/);
  });

  it('backs up an existing database before migrating it', () => {
    const dir = tmp();
    const file = join(dir, 'b.db');
    const backups = join(dir, 'backups');
    const first = MIGRATIONS.filter((m) => m.version === 1);
    const db = openDatabase(file, { migrations: first });
    new ProfileRepository(db).create({ name: 'Commune', archiveKind: 'demo' });
    db.close();
    const extra = [...first, { version: 2, name: 'test-extra', sql: 'CREATE TABLE extra_test (x INTEGER);' }];
    const db2 = openDatabase(file, { migrations: extra, backupDir: backups });
    expect(db2.pragma('user_version', { simple: true })).toBe(2);
    db2.close();
    const files = readdirSync(backups);
    expect(files).toHaveLength(1);
    const bak = new Database(join(backups, files[0]!), { readonly: true });
    expect(bak.pragma('user_version', { simple: true })).toBe(1);
    expect((bak.prepare('SELECT count(*) AS n FROM profiles').get() as { n: number }).n).toBe(1);
    bak.close();
  });

  it('does not back up a brand-new database', () => {
    const dir = tmp();
    openDatabase(join(dir, 'fresh.db'), { backupDir: join(dir, 'backups') }).close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('a failed migration leaves the previous schema intact', () => {
    const dir = tmp();
    const file = join(dir, 'f.db');
    const first = MIGRATIONS.filter((m) => m.version === 1);
    openDatabase(file, { migrations: first }).close();
    const broken = [...first, { version: 2, name: 'broken', sql: 'CREATE TABLE ok_table (x); THIS IS NOT SQL;' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const db = openDatabase(file, { migrations: first });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name='ok_table'").get()).toBeUndefined();
    db.close();
  });

  it('journal rows cannot be updated or deleted', () => {
    const db = openDatabase(join(tmp(), 'j.db'));
    db.prepare("INSERT INTO journal (seq, at, type, data, prev_hash, hash) VALUES (1, 'x', 't', '{}', 'p', 'h')").run();
    expect(() => db.prepare("UPDATE journal SET type = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM journal').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('repositories', () => {
  it('maps profiles, folders, settings and transfers to camelCase objects', () => {
    const db = openDatabase(join(tmp(), 'r.db'));
    const profiles = new ProfileRepository(db);
    const p = profiles.create({
      name: 'Saint-Malo',
      archiveKind: 'asalae',
      endpoints: [{ url: 'https://sae.example/restservices', label: 'Production' }],
      tls: { spkiPins: ['abc'] },
    });
    expect(profiles.get(p.id)).toMatchObject({
      name: 'Saint-Malo',
      archiveKind: 'asalae',
      endpoints: [{ label: 'Production' }],
      tls: { spkiPins: ['abc'] },
    });
    expect(profiles.update(p.id, { login: 'agent' }).login).toBe('agent');
    const folders = new WatchedFolderRepository(db);
    const f = folders.add({ profileId: p.id, path: '/srv/actes', exclusions: ['Brouillons'] });
    expect(folders.list(p.id)).toEqual([f]);
    const settings = new SettingsRepository(db);
    settings.set('bandwidth', { kbps: 512 });
    expect(settings.get('bandwidth')).toEqual({ kbps: 512 });
    const transfers = new TransferRepository(db);
    const t = transfers.insert({ profileId: p.id, messageIdentifier: 'MSG-1', resumeState: { lastChunkAcked: 3 } });
    expect(transfers.getByMessageIdentifier('MSG-1')?.resumeState).toEqual({ lastChunkAcked: 3 });
    expect(() => transfers.insert({ profileId: p.id, messageIdentifier: 'MSG-1' })).toThrow(/UNIQUE/);
    expect(transfers.update(t.id, { state: 'sent', sentBytes: 10 }).state).toBe('sent');
    db.close();
  });

  it('filters 100,000 documents by state, nature, year and text through indexes', () => {
    const db = openDatabase(join(tmp(), 'big.db'));
    const profileId = new ProfileRepository(db).create({ name: 'C', archiveKind: 'demo' }).id;
    const docs = new DocumentRepository(db);
    // Bulk insert in SQL (same table, same triggers) to keep the test quick.
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
       INSERT INTO documents (id, profile_id, source_path, relative_path, file_name, size, mtime_ms, fingerprint_alg,
         fingerprint_hex, vault_path, state, metadata, origin, created_at, updated_at)
       SELECT printf('id-%06d', i), ?, '/srv/actes/doc-' || i || '.pdf', 'doc-' || i || '.pdf', 'doc-' || i || '.pdf', 100, i,
         'sha256', printf('%064x', i), 'x',
         CASE i % 4 WHEN 0 THEN 'ready' WHEN 1 THEN 'needs_metadata' WHEN 2 THEN 'accepted' ELSE 'failed' END,
         json_object('nature', CASE i % 4 WHEN 0 THEN 'DE' WHEN 1 THEN 'AR' WHEN 2 THEN 'AI' ELSE 'CC' END,
           'date', (2000 + i % 25) || '-01-15',
           'objet', CASE WHEN i = 77777 THEN 'Réfection de la toiture de l''école élémentaire' ELSE 'Objet ordinaire ' || i END),
         'watch', printf('2024-01-01T00:00:%06d', i), '2024-01-01'
       FROM n`,
    ).run(profileId);
    expect(docs.get('id-000004')?.metadata.nature).toBe('DE');
    const byText = docs.list({ profileId, text: 'ecole elementaire' });
    expect(byText.total).toBe(1);
    expect(byText.items[0]!.fileName).toBe('doc-77777.pdf');
    const combined = docs.list({ profileId, state: 'ready', nature: 'DE', year: '2004' }, { limit: 50 });
    expect(combined.total).toBe(1000);
    expect(combined.items).toHaveLength(50);
    const counts = docs.countByState({ profileId });
    expect(counts.ready).toBe(25_000);
    expect(counts.duplicate).toBe(0);
    expect(docs.list({ text: 'oc-9999' }).total).toBeGreaterThan(0);
    expect(docs.list({ text: '77' }).total).toBeGreaterThan(0); // short text: LIKE fallback
    // Fast whatever the machine's load: no query walks the documents table row by row (the
    // timings themselves are measured by the bench, not asserted here).
    const plan = (filter: Parameters<typeof buildWhere>[0]) => {
      const { where, params } = buildWhere(filter);
      return (
        db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM documents d ${where}`).all(...params) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
    };
    for (const filter of [
      { profileId, text: 'ecole elementaire' },
      { profileId, state: 'ready' as const, nature: 'DE' as const, year: '2004' },
      { profileId, text: '2024-045' },
    ]) {
      const steps = plan(filter);
      expect(
        steps.some((d) => /^SCAN d\b/.test(d)),
        steps.join(' | '),
      ).toBe(false);
      expect(steps.some((d) => /USING (INTEGER PRIMARY KEY|(COVERING )?INDEX)/.test(d))).toBe(true);
    }
    db.close();
  });
});
