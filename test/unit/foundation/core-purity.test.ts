import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('main/core stays pure Node', () => {
  it('no file under main/core mentions electron (grep -r "electron" main/core finds nothing)', () => {
    const offenders = filesUnder(path.resolve('main/core')).filter((f) =>
      readFileSync(f, 'utf8').toLowerCase().includes('electron'),
    );
    expect(offenders).toEqual([]);
  });

  it('the ESLint rule refuses an electron import under main/core, and allows it in main/electron', async () => {
    const eslint = new ESLint({ cwd: path.resolve('.') });
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    const [core] = await eslint.lintText(code, { filePath: path.resolve('main/core/sneaky.ts') });
    expect(core?.messages.some((m) => m.ruleId === 'no-restricted-imports')).toBe(true);
    const [req] = await eslint.lintText("export const e = require('electron');\n", {
      filePath: path.resolve('main/core/sneaky2.ts'),
    });
    expect(req?.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
    const [shell] = await eslint.lintText(code, { filePath: path.resolve('main/electron/fine.ts') });
    expect(shell?.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  }, 60_000);
});
