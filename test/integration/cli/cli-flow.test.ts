// Full headless flow on the built-in demo archive, through the real CLI processes:
// profile add → watch a folder → files appear → one completed with `sceau metadata` →
// deposited and accepted → status --json → verify → export; SIGTERM during an upload leaves
// a state the next run completes; a tampered vault makes `verify` exit 4; the policy locks.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, LineWatcher, runCli, spawnCli } from './helpers';
import type { StatusJson } from '../../../main/cli/commands/status';

const root = mkdtempSync(join(tmpdir(), 'sceau-cli-flow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Archive polled every 150 ms, watched files sealed after 200 ms: seconds, not minutes.
const FAST = { SCEAU_TRACKING_INTERVAL_MS: '150', SCEAU_STABILITY_DELAY_MS: '200' };
const env = cliEnv(FAST);
const run = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
  runCli(args, { env: options.env ?? env, timeoutMs: 30_000 });
const spawn = (args: string[]) => new LineWatcher(spawnCli(args, env));

interface DocEvent {
  type: string;
  documentId?: string;
  to?: string;
  reason?: string;
}
const parse = (line: string): DocEvent | null => {
  try {
    return JSON.parse(line) as DocEvent;
  } catch {
    return null;
  }
};

function pdf(label: string, extraBytes = 2048): Buffer {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n`), randomBytes(extraBytes), Buffer.from('\n%%EOF\n')]);
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));

describe('sceau CLI on the demo archive', () => {
  const flowData = join(root, 'flow');

  it(
    'watches a folder, completes an act headless, deposits, reports status as JSON and verifies',
    { timeout: 45_000 },
    async () => {
      // Beside the data folder, with the same prefix (…/flow-inbox next to …/flow): not « inside ».
      const inbox = join(root, 'flow-inbox');
      mkdirSync(inbox, { recursive: true });
      const d = ['--data-dir', flowData];

      const add = await run([
        ...d,
        '--json',
        'profile',
        'add',
        '--name',
        'Mairie de Plouzané',
        '--siren',
        '212900351',
        '--archive',
        'demo',
      ]);
      expect(add.code, add.stderr).toBe(0);
      const created = JSON.parse(add.stdout) as { id: string; siren: string };
      expect(created.siren).toBe('212900351');

      const watch = spawn([...d, '--json', 'watch', '--folder', inbox]);
      try {
        await watch.waitFor((l) => parse(l)?.type === 'watch.ready');
        // The first name gives everything (classification in brackets); the second lacks the
        // classification: it waits in « needs_metadata » until `sceau metadata` completes it.
        const complete = 'DE_2025_001_2025-03-14_budget primitif (7.1).pdf';
        const partial = 'AR_2025_002_2025-03-15_voirie.pdf';
        writeFileSync(join(inbox, complete), pdf(complete));
        writeFileSync(join(inbox, partial), pdf(partial));

        const accepted = new Set<string>();
        const acceptedCount =
          (n: number) =>
          (l: string): boolean => {
            const e = parse(l);
            if (e?.type === 'document.state' && e.to === 'accepted' && e.documentId) accepted.add(e.documentId);
            return accepted.size >= n;
          };
        const pending = await watch.waitFor((l) => parse(l)?.to === 'needs_metadata', 20_000);
        expect(parse(pending)?.reason).toMatch(/classification/);
        await watch.waitFor(acceptedCount(1), 20_000);

        // Bad input on the engine-backed commands: French message, exit 2, nothing changed.
        const unknown = await run([...d, 'metadata', 'inexistant.pdf', '--classification', '8.3']);
        expect(unknown.code, unknown.stderr).toBe(2);
        expect(unknown.stderr).toMatch(/Document introuvable/);
        const badDate = await run([...d, 'metadata', partial, '--classification', '8.3', '--date', '2025-02-30']);
        expect(badDate.code, badDate.stdout + badDate.stderr).toBe(2);
        expect(badDate.stdout).toMatch(/n’existe pas/);
        const done = await run([...d, 'metadata', [...accepted][0] ?? '', '--classification', '8.3']);
        expect(done.code).toBe(2);
        expect(done.stderr).toMatch(/déjà accepté/);

        // Completed from another process while `watch` runs: it is deposited on the next pass.
        const fixed = await run([
          ...d,
          '--json',
          'metadata',
          partial,
          '--classification',
          '8.3',
          '--date',
          '2025-03-15',
        ]);
        expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
        expect(JSON.parse(fixed.stdout)).toMatchObject({
          state: 'ready',
          missing: [],
          metadata: { classification: '8.3', nature: 'AR' },
        });

        await watch.waitFor(acceptedCount(2), 25_000);
      } finally {
        watch.child.kill('SIGTERM');
      }
      expect(await watch.exit(), watch.stderr).toBe(0);
      // A folder holding Sceau's own data would seal its vault, endlessly: refused, exit 2.
      const loop = await run([...d, 'watch', '--folder', root]);
      expect(loop.code, loop.stderr).toBe(2);
      expect(loop.stderr).toMatch(/contient les données de Sceau/);

      const status = await run([...d, '--json', 'status']);
      expect(status.code, status.stderr).toBe(0);
      const json = JSON.parse(status.stdout) as StatusJson;
      expect(json.schema).toBe('sceau.status/1');
      expect(json.counts.accepted).toBe(2);
      expect(json.total).toBe(2);
      expect(json.documents.map((doc) => [doc.fileName, doc.state]).sort()).toEqual([
        ['AR_2025_002_2025-03-15_voirie.pdf', 'accepted'],
        ['DE_2025_001_2025-03-14_budget primitif (7.1).pdf', 'accepted'],
      ]);
      expect(json.profiles[0]?.siren).toBe('212900351');

      const verify = await run([...d, 'verify']);
      expect(verify.code, verify.stderr + verify.stdout).toBe(0);
      expect(verify.stdout).toMatch(/^Intégrité vérifiée/);

      const out = join(root, 'evidence');
      const exported = await run([...d, '--json', 'export', json.documents[0]?.id ?? '', '--out', out]);
      expect(exported.code, exported.stderr).toBe(0);
      expect((JSON.parse(exported.stdout) as { path: string }).path.startsWith(out)).toBe(true);
    },
  );

  it('SIGTERM during an upload exits 130 and the next run completes the deposit', { timeout: 45_000 }, async () => {
    const d = ['--data-dir', join(root, 'interrupt')];
    expect(
      (await run([...d, 'profile', 'add', '--name', 'Mairie de Brest', '--siren', '212900195', '--archive', 'demo']))
        .code,
    ).toBe(0);
    // Slow the upload down so SIGTERM lands in the middle of it.
    expect((await run([...d, 'settings', 'set', 'bandwidthLimitKbps', '256'])).code).toBe(0);
    const big = join(root, 'DE_2025_010_2025-04-01_plan-local-urbanisme.pdf');
    writeFileSync(big, pdf('PLU', 1024 * 1024));

    // The name lacks the classification: --classification completes it at intake.
    const deposit = spawn([...d, '--json', 'deposit', big, '--classification', '2.1', '--wait']);
    await deposit.waitFor((l) => parse(l)?.to === 'sending', 20_000);
    deposit.child.kill('SIGTERM');
    expect(await deposit.exit(), deposit.stderr).toBe(130);
    expect(deposit.stderr).toMatch(/reprendront au prochain lancement/);

    const mid = JSON.parse((await run([...d, '--json', 'status'])).stdout) as StatusJson;
    expect(mid.total).toBe(1);
    // Consistent: back in the queue (or already through, on a very fast machine), never stuck « sending ».
    expect(['queued', 'sent', 'acknowledged', 'accepted']).toContain(mid.documents[0]?.state);

    expect((await run([...d, 'settings', 'set', 'bandwidthLimitKbps', 'null'])).code).toBe(0);
    const watch = spawn([...d, '--json', 'watch']);
    try {
      await watch.waitFor((l) => parse(l)?.type === 'watch.ready');
      if (mid.documents[0]?.state !== 'accepted') await watch.waitFor((l) => parse(l)?.to === 'accepted', 25_000);
    } finally {
      watch.child.kill('SIGTERM');
    }
    expect(await watch.exit()).toBe(0);
    const after = JSON.parse((await run([...d, '--json', 'status'])).stdout) as StatusJson;
    expect(after.documents.map((doc) => doc.state)).toEqual(['accepted']);
    expect(after.counts.accepted).toBe(1);
    expect((await run([...d, 'verify'])).code).toBe(0);
  });

  it('verify exits 4 when the vault was tampered with', { timeout: 20_000 }, async () => {
    const status = JSON.parse((await run(['--data-dir', flowData, '--json', 'status'])).stdout) as StatusJson;
    expect(status.total).toBeGreaterThan(0);
    // Overwrite every vault file with other bytes (content-addressed: the hash no longer matches).
    const vault = files(join(flowData, 'vault', 'sha256'));
    expect(vault.length).toBeGreaterThan(0);
    const other = join(root, 'autre.pdf');
    writeFileSync(other, pdf('autre contenu'));
    for (const f of vault) copyFileSync(other, f);
    const verify = await run(['--data-dir', flowData, 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(4);
    expect(verify.stdout).toMatch(/INTÉGRITÉ ROMPUE/);
    const json = await run(['--data-dir', flowData, '--json', 'verify']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false });
  });

  it(
    'applies the administrator policy: locked settings refused, locks shown, safe mode blocks profiles',
    { timeout: 20_000 },
    async () => {
      const policy = join(root, 'policy.json');
      writeFileSync(policy, JSON.stringify({ bandwidth: { limitKbps: 1024 }, credentialStorage: 'session' }));
      const withPolicy = cliEnv({ ...FAST, SCEAU_POLICY_FILE: policy });
      const d = ['--data-dir', join(root, 'policy')];

      const refused = await run([...d, 'settings', 'set', 'bandwidthLimitKbps', '10'], { env: withPolicy });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/verrouillé/);
      const view = await run([...d, '--json', 'settings', 'get'], { env: withPolicy });
      expect(view.code, view.stderr).toBe(0);
      const settings = JSON.parse(view.stdout) as {
        values: { bandwidthLimitKbps: number | null };
        locked: Record<string, string>;
      };
      expect(settings.values.bandwidthLimitKbps).toBe(1024); // imposed by the policy, through the engine
      expect(Object.keys(settings.locked)).toEqual(
        expect.arrayContaining(['bandwidthLimitKbps', 'officeHours', 'nightWindow']),
      );
      expect((await run([...d, 'settings', 'set', 'theme', 'dark'], { env: withPolicy })).code).toBe(0);

      writeFileSync(policy, '{ "bandwith": {} }'); // a typo: safe mode
      const safe = await run(
        [...d, '--json', 'profile', 'add', '--name', 'Mairie', '--siren', '212900351', '--archive', 'demo'],
        { env: withPolicy },
      );
      expect(safe.code).toBe(2);
      expect(safe.stderr).toMatch(/clé\(s\) inconnue\(s\) « bandwith »/);
      const status = await run([...d, '--json', 'status'], { env: withPolicy });
      expect(status.code, status.stderr).toBe(0);
      expect((JSON.parse(status.stdout) as StatusJson).policy.error).toMatch(/bandwith/);
    },
  );
});
