// Small files are written straight at their content address and made durable by ONE syncfs
// per batch (seal-batch-syncfs.ts). A process killed (SIGKILL) while a batch waits for its
// barrier leaves copies nothing recorded, whose bytes a power cut would have lost. Here the
// kill comes from the `sync` the barrier runs (a stand-in first on PATH), then every copy
// nothing recorded is zeroed (what a lost write leaves: the name, the size, other bytes). The
// next run must not take any of them for good copies: nothing lost, nothing duplicated,
// `verify` passes, every vault copy byte-exact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { verifyJournal } from '../../../main/core/seal/verify';
import { leftoverTempFiles } from '../../../main/core/seal/vault';
import { runCrashBatchChild } from './crash-batch-run';

const FILES = 400;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sceau-crash-barrier-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A `sync` that kills the process calling it at its `killAt`-th call (earlier calls are real). */
function killingSync(killAt: number): NodeJS.ProcessEnv {
  const real = execFileSync('sh', ['-c', 'command -v sync'], { encoding: 'utf8' }).trim();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const count = join(dir, 'sync-calls');
  writeFileSync(
    join(bin, 'sync'),
    `#!/bin/sh
n=$(cat "${count}" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "${count}"
if [ "$n" -ge ${killAt} ]; then kill -9 "$PPID"; sleep 5; exit 1; fi
exec "${real}" "$@"
`,
  );
  chmodSync(join(bin, 'sync'), 0o755);
  return { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
}

async function check(dbFile: string, vaultDir: string, label: string): Promise<Set<string>> {
  const db = openDatabase(dbFile);
  try {
    const twice = db
      .prepare('SELECT source_path, count(*) AS n FROM documents GROUP BY source_path HAVING n > 1')
      .all();
    expect(twice, `${label}: a file was recorded twice`).toEqual([]);
    const partial = db
      .prepare('SELECT d.id FROM documents d WHERE (SELECT count(*) FROM journal j WHERE j.document_id = d.id) != 3')
      .all();
    expect(partial, `${label}: a document is half-recorded`).toEqual([]);
    const v = await verifyJournal(db, vaultDir);
    expect(v.ok, `${label}: ${v.message}`).toBe(true);
    const rows = db.prepare('SELECT vault_path AS p FROM documents').all() as Array<{ p: string }>;
    return new Set(rows.map((r) => join(vaultDir, ...r.p.split('/'))));
  } finally {
    db.close();
  }
}

describe('SIGKILL while a batch of small files waits for its barrier', () => {
  // Call 1–2: each worker's probe; 3: the first barrier; 5: a later one.
  for (const killAt of [3, 5]) {
    it(
      `killed at the ${killAt === 3 ? 'first' : 'third'} barrier, unrecorded copies then lost: all sealed again, byte-exact`,
      { timeout: 120_000 },
      async () => {
        const dbFile = join(dir, 'sceau.db');
        const vaultDir = join(dir, 'vault');
        const drop = join(dir, 'Dépôt');
        mkdirSync(drop);
        const db0 = openDatabase(dbFile);
        const profileId = new ProfileRepository(db0).create({ name: 'Commune', archiveKind: 'demo' }).id;
        db0.close();
        const old = new Date(Date.now() - 60_000);
        for (let i = 0; i < FILES; i++) {
          const p = join(drop, `piece-${i}.pdf`);
          writeFileSync(p, `${i}:${randomBytes(2000).toString('base64')}`);
          utimesSync(p, old, old);
        }
        const r = await runCrashBatchChild([dbFile, vaultDir, drop, profileId, 'none', '0'], killingSync(killAt));
        expect(r.killed, `the child was not killed (${r.out}${r.err})`).toBe(true);
        const recorded = await check(dbFile, vaultDir, `killed at sync call ${killAt}`);
        expect(recorded.size).toBeLessThan(FILES);

        // The power cut: every copy nothing recorded keeps its name and size, not its bytes.
        let zeroed = 0;
        const algDir = join(vaultDir, 'sha256');
        for (const prefix of readdirSync(algDir)) {
          for (const name of readdirSync(join(algDir, prefix))) {
            const p = join(algDir, prefix, name);
            if (recorded.has(p)) continue;
            writeFileSync(p, Buffer.alloc(statSync(p).size));
            zeroed++;
          }
        }
        expect(zeroed, 'the kill came after no copy was written').toBeGreaterThan(0);

        const last = await runCrashBatchChild([dbFile, vaultDir, drop, profileId, 'none', '0'], process.env);
        expect(last.out, last.err).toContain('done');
        expect((await check(dbFile, vaultDir, 'final')).size).toBe(FILES);
        const db = openDatabase(dbFile);
        const rows = db.prepare('SELECT source_path AS s, vault_path AS v FROM documents').all() as Array<{
          s: string;
          v: string;
        }>;
        db.close();
        for (const row of rows) {
          const copy = readFileSync(join(vaultDir, ...row.v.split('/')));
          expect(copy.equals(readFileSync(row.s)), row.s).toBe(true);
          expect(createHash('sha256').update(copy).digest('hex')).toBe(row.v.split('/').at(-1));
        }
        expect(leftoverTempFiles(vaultDir)).toEqual([]);
      },
    );
  }
});
