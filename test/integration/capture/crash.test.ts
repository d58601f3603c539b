// Kills a sealing + queuing child process with SIGKILL at random points, 50 times; after
// each restart nothing is lost or duplicated and the journal and vault verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { verifyJournal } from '../../../main/core/seal/verify';
import { leftoverTempFiles } from '../../../main/core/seal/vault';
import { DIRECT_IO_MIN_BYTES } from '../../../main/core/seal/vault-file';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const HOOKS = join(import.meta.dirname, '../../../bench/capture/ts-hooks.ts');
const FILES = 120;
const RUNS = 50;
const PER_RUN = 12;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(args: string[], killAfterMs: number | null): Promise<{ killed: boolean; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOKS, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Kill relative to the child being up, so the kill lands in real work.
      if (killAfterMs !== null && !timer && out.includes('started'))
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', out, err });
    });
  });
}

describe('crash safety', () => {
  it(`survives ${RUNS} SIGKILLs while sealing and queuing`, { timeout: 120_000 }, async () => {
    const dbFile = join(dir, 'sceau.db');
    const vaultDir = join(dir, 'vault');
    const drop = join(dir, 'Dépôt');
    mkdirSync(drop);
    const db0 = openDatabase(dbFile);
    const profileId = new ProfileRepository(db0).create({ name: 'Commune', archiveKind: 'demo' }).id;
    db0.close();
    const old = new Date(Date.now() - 60_000);
    const addFile = (i: number): void => {
      const name =
        i % 3 === 0
          ? `2024-03-${String((i % 28) + 1).padStart(2, '0')} DE ${100 + i} Objet ${i} (1.1).pdf`
          : `piece-${i}.pdf`;
      // A few identical copies exercise duplicate detection across crashes; one file per run
      // is large enough for the pipelined direct-I/O path, with an unaligned tail.
      const content =
        i >= 4 && i < 8
          ? 'copie identique'
          : i % PER_RUN === PER_RUN - 1
            ? randomBytes(DIRECT_IO_MIN_BYTES + 1024 * 1024 + 4099)
            : `${i}:${randomBytes(2048 + (i % 7) * 4096).toString('base64')}`;
      writeFileSync(join(drop, name), content);
      utimesSync(join(drop, name), old, old);
    };
    for (let i = 0; i < FILES; i++) addFile(i);
    let killedRuns = 0;
    let next = FILES;
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < PER_RUN; k++) addFile(next++);
      const r = await runChild([dbFile, vaultDir, drop, profileId], Math.floor(Math.random() * 150));
      if (r.killed) killedRuns++;
      else expect(r.err).toBe('');
      const db = openDatabase(dbFile);
      try {
        const perPath = db
          .prepare('SELECT source_path, count(*) AS n FROM documents GROUP BY source_path HAVING n > 1')
          .all();
        expect(perPath, `run ${run}: a file was recorded twice`).toEqual([]);
        // The row state always equals the last state the journal recorded (same transaction).
        const mismatched = db
          .prepare(
            `SELECT d.id, d.state, (SELECT json_extract(data, '$.to') FROM journal j WHERE j.document_id = d.id AND j.type = 'state' ORDER BY seq DESC LIMIT 1) AS last
             FROM documents d WHERE d.state != coalesce(last, 'detected')`,
          )
          .all();
        expect(mismatched, `run ${run}: row and journal disagree`).toEqual([]);
        const v = await verifyJournal(db, vaultDir);
        expect(v.ok, `run ${run}: ${v.message}`).toBe(true);
      } finally {
        db.close();
      }
    }
    expect(killedRuns).toBeGreaterThan(RUNS / 2);
    // A last uninterrupted run completes everything: nothing was lost.
    const last = await runChild([dbFile, vaultDir, drop, profileId], null);
    expect(last.out).toContain('done');
    const db = openDatabase(dbFile);
    const total = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    expect(total).toBe(next);
    expect((db.prepare("SELECT count(*) AS n FROM documents WHERE state = 'duplicate'").get() as { n: number }).n).toBe(
      3,
    );
    expect(
      (
        db.prepare("SELECT count(*) AS n FROM documents WHERE state IN ('detected','sealed','ready')").get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
    expect(await verifyJournal(db, vaultDir)).toMatchObject({ ok: true, documents: next });
    db.close();
    expect(leftoverTempFiles(vaultDir)).toEqual([]);
  });
});
