// Usage errors need no engine: French message, exit code 2; passwords never as arguments.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers';

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
