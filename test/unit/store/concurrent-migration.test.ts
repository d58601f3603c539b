// Two Sceau processes started together on a database that needs migrating (the desktop app
// and a CLI service): both open it. The second one finds the schema already migrated once it
// gets the write lock, instead of running the same migration again and failing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, expect, it } from 'vitest';
import { knownSchemaVersion, openDatabase } from '../../../main/core/store/db';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sqliteEntry = createRequire(import.meta.url).resolve('better-sqlite3');

function run(script: string, file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, file], { timeout: 60_000 }, (_err, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
}

it('two processes migrating the same database at once both open it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-concurrent-migration-'));
  dirs.push(dir);
  const script = join(dir, 'child.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/open-db-child.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: script,
    logLevel: 'silent',
    plugins: [
      {
        name: 'sqlite-external',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqliteEntry, external: true }));
        },
      },
    ],
  });
  const file = join(dir, 'sceau.db');
  // A database left by the previous version: every migration but the last two.
  openDatabase(file, { migrations: MIGRATIONS.slice(0, -2), backupDir: join(dir, 'backups') }).close();

  // Hold the write lock so both processes decide what to migrate before either can start.
  const holder = new Database(file);
  holder.exec('BEGIN IMMEDIATE');
  const children = [run(script, file), run(script, file)];
  await new Promise((r) => setTimeout(r, 2500));
  holder.exec('ROLLBACK');
  holder.close();

  expect(await Promise.all(children)).toEqual(['ok', 'ok']);
  const db = new Database(file, { readonly: true });
  expect(db.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
  db.close();
}, 90_000);
