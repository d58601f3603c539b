// A folder the system refuses (a data folder or an --out under a plain file, a read-only
// place) is told in French with the path, never as Node's English « ENOTDIR: not a
// directory, mkdir … »; the exit code stays 1 (erreur).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers';

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
