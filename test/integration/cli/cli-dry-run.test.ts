// `sceau profile gestion` (management metadata, access contract, piece size) and
// `sceau deposit --dry-run` (« Tester le versement ») through the real CLI processes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'sceau-cli-dry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const d = ['--data-dir', join(root, 'data')];
const env = cliEnv({ SCEAU_TRACKING_INTERVAL_MS: '150', SCEAU_STABILITY_DELAY_MS: '200' });
const run = (args: string[]) => runCli([...d, ...args], { env, timeoutMs: 60_000 });

describe('sceau CLI: archive settings and test deposit', () => {
  it(
    'sets management rules, refuses bad ones, tests a deposit without archiving it',
    { timeout: 180_000 },
    async () => {
      const add = await run([
        'profile',
        'add',
        '--name',
        'Mairie de Test',
        '--siren',
        '212900351',
        '--archive',
        'demo',
      ]);
      expect(add.code, add.stderr).toBe(0);

      const set = await run([
        '--json',
        'profile',
        'gestion',
        '--access-rule',
        'AR048',
        '--appraisal-rule',
        'APP-00002',
        '--final-action',
        'Keep',
        '--title-template',
        'Actes soumis au contrôle de légalité : {objet}',
        '--vitam-access-contract',
        'CONTRAT-MAIRIES',
      ]);
      expect(set.code, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({
        management: {
          accessRule: 'AR048',
          appraisal: { rule: 'APP-00002', finalAction: 'Keep' },
          titleTemplate: 'Actes soumis au contrôle de légalité : {objet}',
        },
        vitamAccessContract: 'CONTRAT-MAIRIES',
      });

      const badTitle = await run(['profile', 'gestion', '--title-template', 'Sans objet']);
      expect(badTitle.code).toBe(2);
      expect(badTitle.stderr + badTitle.stdout).toMatch(/doit contenir « \{objet\} »/);
      const badChunk = await run(['profile', 'gestion', '--asalae-chunk-bytes', '12']);
      expect(badChunk.code).toBe(2);
      expect(badChunk.stderr).toMatch(/65536 au moins/);

      const inbox = join(root, 'in');
      mkdirSync(inbox, { recursive: true });
      const file = join(inbox, 'DE_2025_001_2025-03-14_budget primitif (7.1).pdf');
      writeFileSync(file, '%PDF-1.4\nbudget\n%%EOF\n');
      const dry = await run(['deposit', '--dry-run', file]);
      expect(dry.code, dry.stderr + dry.stdout).toBe(0);
      expect(dry.stdout).toMatch(/test réussi/);
      expect(dry.stdout).toMatch(/conforme au schéma SEDA 2\.1/);
      expect(dry.stdout).toMatch(/rien n’a été archivé/);

      const status = await run(['--json', 'status']);
      expect(status.code, status.stderr).toBe(0);
      const json = JSON.parse(status.stdout) as { counts: Record<string, number> };
      expect(json.counts.accepted ?? 0).toBe(0);
      expect(json.counts.ready).toBe(1);
    },
  );
});
