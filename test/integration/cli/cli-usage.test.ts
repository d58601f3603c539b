// Usage errors need no engine: French message, exit code 2; passwords never as arguments.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers';
import { classificationXml } from '../../tools/classification-xml';

const dataDir = mkdtempSync(join(tmpdir(), 'sceau-cli-usage-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const d = ['--data-dir', dataDir];

describe('sceau CLI: bad input', () => {
  it('documents exit codes in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation : sceau');
    expect(r.stdout).toMatch(/130\s+interrompu/);
    expect(r.stdout).toMatch(/5\s+versement rejeté/);
  });

  it.each([
    [[], /Utilisation/],
    [['inconnue'], /commande inconnue « inconnue »/],
    [['deposit'], /argument obligatoire manquant/],
    [['deposit', '/nulle/part/acte.pdf'], /Introuvable : \/nulle\/part\/acte\.pdf/],
    [['profile', 'add', '--name', 'Mairie', '--siren', '12345'], /SIREN invalide/],
    [['profile', 'add', '--name', 'Mairie', '--siren', '212900351', '--archive', 'ftp'], /valeur « ftp » invalide/],
    [['profile', 'add', '--name', 'Mairie', '--siren', '212900351', '--archive', 'asalae'], /--url est obligatoire/],
    [['status', '--limit', 'beaucoup'], /--limit/],
    [['status', '--option-qui-nexiste-pas'], /option inconnue/],
  ])('sceau %j → exit 2 with a French message', async (args, message) => {
    const r = await runCli([...d, ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr + r.stdout).toMatch(message);
    expect(r.stderr).not.toMatch(/^error:/m);
  });

  it.each([['--password', 'secret'], ['--password=secret'], ['-password=secret']])(
    'refuses a password argument (%s)',
    async (...pw) => {
      const r = await runCli([...d, 'profile', 'add', '--name', 'M', '--siren', '212900351', ...pw]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/jamais en argument/);
      expect(r.stderr).toContain('SCEAU_ARCHIVE_PASSWORD');
    },
  );

  it('bin/sceau.mjs explains how to build when dist is missing', () => {
    const fake = mkdtempSync(join(tmpdir(), 'sceau-bin-'));
    try {
      cpSync(join(ROOT, 'bin', 'sceau.mjs'), join(fake, 'bin', 'sceau.mjs'));
      const r = spawnSync(process.execPath, [join(fake, 'bin', 'sceau.mjs'), 'status'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/n’est pas encore construite/);
      expect(r.stderr).toContain('npm run build');
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});

describe('sceau profile classification', () => {
  it('imports the prefecture’s file, shows it, refuses a wrong file, goes back to national', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sceau-cli-classification-'));
    try {
      const dd = ['--data-dir', join(dir, 'donnees')];
      expect((await runCli([...dd, 'profile', 'add', '--name', 'Mairie de Janzé', '--siren', '213501366'])).code).toBe(
        0,
      );
      const file = join(dir, 'classification_035.xml');
      writeFileSync(file, classificationXml());
      const imported = await runCli([...dd, 'profile', 'classification', file]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(
        'Mairie de Janzé : nomenclature de la préfecture, 9 codes (« classification_035.xml », du 2025-09-01).',
      );
      const shown = await runCli([...dd, '--json', 'profile', 'classification']);
      expect(JSON.parse(shown.stdout)).toMatchObject({ source: 'prefecture', count: 9, date: '2025-09-01' });

      const wrong = join(dir, 'acte.xml');
      writeFileSync(wrong, '<?xml version="1.0"?><actes:ARActe xmlns:actes="x"/>');
      const refused = await runCli([...dd, 'profile', 'classification', wrong]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/n’est pas une classification de la préfecture/);
      // Nothing changed by the refusal.
      const after = await runCli([...dd, '--json', 'profile', 'classification']);
      expect(JSON.parse(after.stdout)).toMatchObject({ source: 'prefecture', count: 9 });

      const both = await runCli([...dd, 'profile', 'classification', file, '--national']);
      expect(both.code).toBe(2);
      const national = await runCli([...dd, 'profile', 'classification', '--national']);
      expect(national.code).toBe(0);
      expect(national.stdout).toMatch(/Mairie de Janzé : nomenclature nationale \(\d+ codes\)\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
