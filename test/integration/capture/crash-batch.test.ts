// Issue 18: SIGKILL at the batch boundaries of intake — between a batch's vault writes and
// its SQLite commit, and between the commit and the next batch. After each kill nothing is
// half-recorded, nothing is duplicated and `verify` passes; a last run records the rest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { verifyJournal } from '../../../main/core/seal/verify';
import { leftoverTempFiles } from '../../../main/core/seal/vault';
import { runCrashBatchChild } from './crash-batch-run';

const FILES = 600;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-crash-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function check(dbFile: string, vaultDir: string, label: string): Promise<number> {
  const db = openDatabase(dbFile);
  return (async () => {
    try {
      const twice = db
        .prepare('SELECT source_path, count(*) AS n FROM documents GROUP BY source_path HAVING n > 1')
        .all();
      expect(twice, `${label}: a file was recorded twice`).toEqual([]);
      // Every document has its whole story in the journal (detected, sealed, verdict) or is absent.
      const partial = db
        .prepare(
          `SELECT d.id FROM documents d WHERE (SELECT count(*) FROM journal j WHERE j.document_id = d.id) != 3
              OR d.state != (SELECT json_extract(data, '$.to') FROM journal j WHERE j.document_id = d.id AND j.type = 'state' ORDER BY seq DESC LIMIT 1)`,
        )
        .all();
      expect(partial, `${label}: a document is half-recorded`).toEqual([]);
      const v = await verifyJournal(db, vaultDir);
      expect(v.ok, `${label}: ${v.message}`).toBe(true);
      return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  })();
}

describe('crash safety at batch boundaries', () => {
  const titles = {
    'before-commit': 'between a batch’s vault writes and its commit',
    'after-commit': 'between a commit and the next batch',
    'next-chunk': 'when the walk hands over its next chunk, earlier files still in flight',
  };
  for (const crashAt of ['before-commit', 'after-commit', 'next-chunk'] as const) {
    it(`SIGKILL ${titles[crashAt]}`, { timeout: 120_000 }, async () => {
      const dbFile = join(dir, 'sceau.db');
      const vaultDir = join(dir, 'vault');
      const drop = join(dir, 'Dépôt');
      mkdirSync(drop);
      const db0 = openDatabase(dbFile);
      const profileId = new ProfileRepository(db0).create({ name: 'Commune', archiveKind: 'demo' }).id;
      db0.close();
      const old = new Date(Date.now() - 60_000);
      for (let i = 0; i < FILES; i++) {
        const name =
          i % 2 === 0
            ? `2024-03-${String((i % 28) + 1).padStart(2, '0')} DE ${100 + i} Objet ${i} (1.1).pdf`
            : `piece-${i}.pdf`;
        // Two identical files: the duplicate verdict must survive the crashes too.
        writeFileSync(
          join(drop, name),
          i === 10 || i === 11 ? 'copie identique' : `${i}:${randomBytes(3000).toString('base64')}`,
        );
        utimesSync(join(drop, name), old, old);
      }
      let before = 0;
      // After-commit: the second run may finish everything in its first batch, so it is
      // killed after that one (the next batch would have started there).
      // Next-chunk: the kill comes when the 2nd, then the 3rd chunk is planned (200 files each).
      const points = crashAt === 'before-commit' ? [1, 2] : crashAt === 'after-commit' ? [1, 1] : [2, 3];
      for (const [run, batch] of points.entries()) {
        const r = await runCrashBatchChild([dbFile, vaultDir, drop, profileId, crashAt, String(batch)]);
        expect(r.killed, `batch ${batch}: the child was not killed (${r.out}${r.err})`).toBe(true);
        const n = await check(dbFile, vaultDir, `${crashAt} batch ${batch}`);
        // Killed before its commit: that batch added nothing; after: it added its files.
        if (crashAt === 'after-commit' && before < FILES) expect(n).toBeGreaterThan(before);
        if (crashAt === 'before-commit' && batch === 1) expect(n).toBe(0);
        if (run === 0) expect(n).toBeLessThan(FILES);
        before = n;
      }
      const last = await runCrashBatchChild([dbFile, vaultDir, drop, profileId, 'none', '0']);
      expect(last.out, last.err).toContain('done');
      expect(await check(dbFile, vaultDir, 'final')).toBe(FILES);
      const db = openDatabase(dbFile);
      expect(
        (db.prepare("SELECT count(*) AS n FROM documents WHERE state = 'duplicate'").get() as { n: number }).n,
      ).toBe(1);
      db.close();
      expect(leftoverTempFiles(vaultDir)).toEqual([]);
    });
  }
});
