// The layer rules of eslint.config.js fire on a violation, and the cycle check finds a loop:
// each rule is run on a fixture through ESLint's Node API (real config, real files' paths).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkCycles } from '../../../scripts/check-cycles.mjs';

const root = path.resolve('.');
let eslint: ESLint;

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layer rules (eslint.config.js)', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  const violations: [string, string, string][] = [
    // [file, import, expected fragment of the message]
    ['main/core/app/sneaky.ts', '../../demo-archive/server', 'core must not import demo-archive'],
    ['main/core/sneaky.ts', '../../preload/index', 'core must not import preload'],
    ['main/core/sneaky.ts', '../web/server', 'core must not import web'],
    ['main/core/sneaky.ts', '../cli/context', 'core must not import cli'],
    ['main/core/sneaky.ts', '../electron/ipc', 'core must not import electron'],
    ['main/core/sneaky.ts', '../../renderer/src/App', 'core must not import renderer'],
    ['main/core/sneaky.ts', '../compose/demo-services', 'core must not import compose'],
    ['main/contract/sneaky.ts', '../core/engine', 'contract must not import core'],
    ['main/contract/channels/sneaky.ts', '../../demo-archive/demo-account', 'contract must not import demo-archive'],
    ['renderer/src/sneaky.ts', '../../main/core/acts/natures', 'renderer must not import core'],
    ['renderer/src/lib/sneaky.ts', '../../../main/web/server', 'renderer must not import web'],
    ['preload/sneaky.ts', '../main/core/engine', 'preload must not import core'],
    ['main/demo-archive/sneaky.ts', '../cli/context', 'demo-archive must not import cli'],
    ['main/web/sneaky.ts', '../electron/main', 'web must not import electron'],
  ];

  it.each(violations)(
    '%s importing %s is refused',
    async (file, spec, fragment) => {
      const errors = await layerErrors(file, `import { x } from '${spec}';\nexport const y = x;\n`);
      expect(errors.join('\n')).toContain(fragment);
    },
    60_000,
  );

  it('re-exports, dynamic imports and require() are checked too', async () => {
    expect(await layerErrors('main/core/a.ts', "export * from '../demo-archive/server';\n")).toHaveLength(1);
    expect(await layerErrors('main/core/a.ts', "export { x } from '../demo-archive/server';\n")).toHaveLength(1);
    expect(
      await layerErrors('main/core/a.ts', "export async function f() { return import('../demo-archive/server'); }\n"),
    ).toHaveLength(1);
    expect(await layerErrors('main/contract/a.ts', "import { app } from 'electron';\nexport const y = app;\n")).toEqual(
      [expect.stringContaining('must not import the package "electron"')],
    );
  }, 60_000);

  it('allowed imports pass: core → contract, hosts → core/demo-archive/compose, renderer → contract', async () => {
    const allowed: [string, string][] = [
      ['main/core/a.ts', '../contract/api'],
      ['main/core/app/a.ts', '../store/db'],
      ['main/web/a.ts', '../core/engine'],
      ['main/web/a.ts', '../demo-archive/server'],
      ['main/cli/a.ts', '../compose/demo-services'],
      ['main/electron/a.ts', '../contract/api'],
      ['main/compose/a.ts', '../demo-archive/demo-tsa'],
      ['renderer/src/a.ts', '../../main/contract/api'],
      ['preload/a.ts', '../main/contract/api'],
      ['main/core/app/a.ts', '../../../package.json'],
    ];
    for (const [file, spec] of allowed)
      expect(await layerErrors(file, `import x from '${spec}';\nexport const y = x;\n`), `${file} → ${spec}`).toEqual(
        [],
      );
  }, 60_000);
});

describe('import cycles (scripts/check-cycles.mjs)', () => {
  it('finds a loop of three modules, including through `import type`, and nothing in a tree without one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-cycles-'));
    mkdirSync(path.join(dir, 'src', 'app'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'engine.ts'), "import { h } from './app/handlers';\nexport const e = h;\n");
    writeFileSync(path.join(dir, 'src', 'app', 'handlers.ts'), "import { d } from './diag';\nexport const h = d;\n");
    writeFileSync(
      path.join(dir, 'src', 'app', 'diag.ts'),
      "import type { E } from '../engine';\nexport const d = 1 as unknown as E;\n",
    );
    writeFileSync(path.join(dir, 'src', 'leaf.ts'), "// import { e } from './engine'\nexport const z = 1;\n");
    const cycles = checkCycles(['src'], dir) as string[][];
    expect(cycles).toEqual([['src/app/diag.ts', 'src/app/handlers.ts', 'src/engine.ts']]);

    writeFileSync(path.join(dir, 'src', 'app', 'diag.ts'), 'export const d = 1;\n');
    expect(checkCycles(['src'], dir)).toEqual([]);
  });

  it('the project has no import cycle', () => {
    expect(checkCycles(['main', 'preload', 'renderer/src'], root)).toEqual([]);
  });
});

/** Catalogs and generated tables, allowed over 400 lines (listed in docs/architecture.md). */
const SIZE_EXCEPTIONS: string[] = [];

describe('module size', () => {
  it('no module in main/core is over 400 lines, catalogs aside; no core file imports demo-archive or preload', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(root, 'main', 'core'));
    const over: string[] = [];
    const reachOut: string[] = [];
    for (const f of files) {
      const rel = path.relative(root, f).split(path.sep).join('/');
      const text = readFileSync(f, 'utf8');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      if (lines > 400 && !SIZE_EXCEPTIONS.includes(rel)) over.push(`${rel} (${lines})`);
      if (/from '[^']*(demo-archive|preload)\//.test(text)) reachOut.push(rel);
    }
    expect(over).toEqual([]);
    expect(reachOut).toEqual([]);
  });
});
