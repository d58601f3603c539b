// `sceau export` into a folder that already holds a file of that name (two acts named
// « DE_2024_001.pdf » from two folders or communes, a script exporting many documents into
// one folder): the second export gets a free name beside the first, never replaces it; the
// path printed is where it went. It used to overwrite the first package, exit 0.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers';
import { pdfBytes, tempDir, writeFiles } from '../engine/helpers';

const root = tempDir('sceau-cli-export-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sceau export: a name already taken in --out', () => {
  it(
    'two documents of the same name exported to one folder: two packages, neither replaced',
    { timeout: 120_000 },
    async () => {
      const d = ['--data-dir', path.join(root, 'data')];
      const files = ['conseil-mars', 'conseil-juin'].map(
        (dir) => writeFiles(path.join(root, dir), { 'DE_2024_001.pdf': pdfBytes(dir) })[0]!,
      );
      const add = await runCli([
        ...d,
        'profile',
        'add',
        '--name',
        'Commune',
        '--siren',
        '212900351',
        '--archive',
        'demo',
      ]);
      expect(add.code, add.stderr).toBe(0);
      // Sent to the demo archive: the evidence package exists once the bordereau is made.
      const deposit = await runCli(
        [...d, '--json', 'deposit', ...files, '--date', '2024-03-01', '--classification', '1.1', '--objet', 'Budget'],
        { env: cliEnv() },
      );
      expect(deposit.code, deposit.stderr).toBe(0);
      const result = deposit.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type?: string; documents?: { id: string }[] })
        .find((l) => l.type === 'deposit.result');
      const ids = result!.documents!.map((x) => x.id);
      expect(ids).toHaveLength(2);

      const out = path.join(root, 'preuves');
      const printed: string[] = [];
      for (const id of ids) {
        const r = await runCli([...d, '--json', 'export', id, '--out', out]);
        expect(r.code, r.stderr).toBe(0);
        printed.push((JSON.parse(r.stdout) as { path: string }).path);
      }
      expect(readdirSync(out).sort()).toEqual(['preuve-DE_2024_001.pdf (2).zip', 'preuve-DE_2024_001.pdf.zip']);
      expect(printed.map((p) => path.basename(p))).toEqual([
        'preuve-DE_2024_001.pdf.zip',
        'preuve-DE_2024_001.pdf (2).zip',
      ]);
      // Two different packages: the first was not overwritten by the second.
      expect(readFileSync(printed[0]!).equals(readFileSync(printed[1]!))).toBe(false);
    },
  );
});
