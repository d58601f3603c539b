// A folder the system refuses (a data folder or an --out under a plain file, a read-only
// place) is told in French with the path, never as Node's English « ENOTDIR: not a
// directory, mkdir … »; the exit code stays 1 (erreur).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'sceau-cli-syserr-'));
const dataDir = join(tmp, 'data');
const plainFile = join(tmp, 'un-fichier.txt');
writeFileSync(plainFile, 'pas un dossier');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sceau CLI: a folder the system refuses', () => {
  it.each([
    ['--data-dir under a plain file', ['--data-dir', join(plainFile, 'donnees'), 'status']],
    [
      'diagnostics --out under a plain file',
      ['--data-dir', dataDir, 'diagnostics', '--out', join(plainFile, 'rapports')],
    ],
  ])('%s: a French message naming the path, exit 1', async (_name, args) => {
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(plainFile);
    expect(r.stderr).toMatch(/n’est pas un dossier/);
    // Node's own wording never reaches the user.
    expect(r.stderr).not.toMatch(/not a directory|ENOTDIR:|mkdir '/);
  });
});

describe('sceau CLI: an empty data folder', () => {
  // `--data-dir "$DOSSIER"` with the variable unset used the working directory: a whole new,
  // empty store (sceau.db, vault/, logs/ …) created there, and « Aucun document. », exit 0.
  it('--data-dir "" is refused in French, exit 2, nothing created in the working directory', async () => {
    const cwd = join(tmp, 'ici');
    mkdirSync(cwd);
    const r = await runCli(['--data-dir', '', 'status'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--data-dir : le chemin du dossier des données est vide/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('SCEAU_DATA_DIR set but empty counts as unset: never the working directory', async () => {
    const cwd = join(tmp, 'la');
    mkdirSync(cwd);
    const home = join(tmp, 'home');
    const r = await runCli(['status'], {
      cwd,
      // The default data folder, under this test's own config folder (main/core/paths.ts).
      env: cliEnv({ SCEAU_DATA_DIR: '', HOME: home, XDG_CONFIG_HOME: join(home, 'config') }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(home, 'config', 'Sceau', 'sceau.db'))).toBe(true);
  });
});

describe('sceau demo-archive: its options are checked before it starts', () => {
  it.each([
    [['--pending-ms', 'abc'], /Délai invalide : « abc »/],
    [['--pending-ms', '-1'], /Délai invalide : « -1 »/],
    [['--data', ''], /Option --data invalide : le chemin du dossier des données est vide/],
  ])('demo-archive %j: refused in French, exit 2, nothing started', async (args, message) => {
    const cwd = mkdtempSync(join(tmp, 'demo-'));
    // Started instead, it would serve until killed: the timeout says so.
    const r = await runCli(['demo-archive', '--port', '0', ...args], { cwd, timeoutMs: 20_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/démarrée/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('sceau CLI: an error message escapes control characters', () => {
  // Messages may repeat a name (an argument, a file name from the engine): an escape sequence
  // in it must neither clear the terminal nor colour it; the message's own line breaks stay.
  it('a profile name with an escape sequence, repeated in the refusal, is shown escaped', async () => {
    const escData = join(tmp, 'esc');
    const add = await runCli(['--data-dir', escData, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351']);
    expect(add.code, add.stderr).toBe(0);
    const r = await runCli(['--data-dir', escData, 'status', '--profile', '\u001b[2Jrouge\u009b31m']);
    expect(r.stderr).toMatch(/^Profil introuvable/);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\u009b');
    expect(r.stderr).toContain('« \\x1b[2Jrouge\\x9b31m »');
  });
  it('an unknown option with an escape sequence (commander’s refusal) is shown escaped too', async () => {
    const r = await runCli(['status', '--\u001b[2J']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('option inconnue « --\\x1b[2J »');
  });
});

describe('sceau CLI: a file given as a value is read up to a bound', () => {
  // A device that never ends (/dev/zero) or a huge file given by mistake was read whole: the
  // CLI ran out of memory (or, short of it, said « Fichier illisible »).
  it.each([
    [['settings', 'set', 'tsaCertPem', '@/dev/zero'], /^Fichier trop volumineux : \/dev\/zero \(1 Mo au plus\)/],
    [['profile', 'classification', '/dev/zero'], /^Le fichier de classification est trop volumineux \(2 Mo au plus\)/],
    [
      ['profile', 'gestion', '--seda-profile', '/dev/zero'],
      /^Profil SEDA trop volumineux : \/dev\/zero \(5 Mo au plus\)/,
    ],
  ])('sceau %j: refused in French, exit 2, without reading it all', async (args, message) => {
    const data = join(tmp, 'bounded');
    if (!existsSync(join(data, 'sceau.db'))) {
      const add = await runCli(['--data-dir', data, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351']);
      expect(add.code, add.stderr).toBe(0);
    }
    const r = await runCli(['--data-dir', data, ...args], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
