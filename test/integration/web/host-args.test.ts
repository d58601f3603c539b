// The web host's own options (main/web/host.ts, as `npm run start:web -- …` passes them): a
// timing that is not a sane number of milliseconds is refused in French before anything
// starts, rather than taken as is (« --tracking-ms -5 » polled the archive every millisecond;
// « --stability-ms abc » was silently ignored).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundle } from '../sync/child-process';
import { HOST_ENV } from '../../tools/web-host-process';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-hostargs-'));
const workDir = path.join(dataDir, 'ici');
mkdirSync(workDir);
let script = '';
beforeAll(async () => {
  script = await bundle(path.resolve(import.meta.dirname, '../../../main/web/host.ts'));
}, 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the host with `args`; what it printed and how it ended (killed if it started instead). */
function runHost(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Its own working directory: a data folder taken from it by mistake would show there.
    const child = spawn(process.execPath, [script, '--data-dir', dataDir, '--json', ...args], {
      env: HOST_ENV,
      cwd: workDir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Started: it took the option. Stop it; the test says why.
      if (stdout.includes('\n')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('web host options', () => {
  test.each([
    ['--tracking-ms', '-5'],
    ['--tracking-ms', '0.5'],
    ['--stability-ms', 'abc'],
    ['--stability-ms', '1e9'],
  ])('%s %s: refused in French, exit 1, nothing started', async (option, value) => {
    const r = await runHost([option, value]);
    expect(r.stdout, r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Sceau n’a pas pu démarrer : Option ${option} : un nombre entier de millisecondes`);
  });

  test('--data-dir "" (a variable left unset): refused in French, exit 1, nothing in the working directory', async () => {
    const r = await runHost(['--data-dir', '']);
    expect(r.stdout, r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Sceau n’a pas pu démarrer : Option --data-dir : le chemin du dossier des données est vide.',
    );
    expect(readdirSync(workDir)).toEqual([]);
  });

  test('--port on a port already taken: told in French (not « listen EADDRINUSE »), exit 1', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await runHost(['--port', String(port)]);
      expect(r.stdout, r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Sceau n’a pas pu démarrer : le port ${port} est déjà utilisé par un autre programme`);
      expect(r.stderr).not.toMatch(/EADDRINUSE|address already in use/);
    } finally {
      taken.close();
    }
  });

  test('a data folder the system refuses (under a plain file): told in French with its path, exit 1', async () => {
    const plain = path.join(dataDir, 'un-fichier.txt');
    writeFileSync(plain, 'pas un dossier');
    const r = await runHost(['--data-dir', path.join(plain, 'donnees')]);
    expect(r.stdout, r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Sceau n’a pas pu démarrer : « [^»]*un-fichier\.txt[^»]* » : un élément du chemin n’est pas un dossier \(ENOTDIR\)\./,
    );
    expect(r.stderr).not.toMatch(/not a directory/);
  });
});
