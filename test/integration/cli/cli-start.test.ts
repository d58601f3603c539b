// What `sceau` loads before it works (issue 18): the built CLI (bin/sceau.mjs → dist/cli)
// loads pdfkit, pkijs/asn1js and the demo archive only when a command needs them, never
// imports node:http as an ES module (that facade loads undici), and keeps V8's compiled
// code in the user's cache folder between runs.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ROOT } from './helpers';

const BIN = join(ROOT, 'bin', 'sceau.mjs');
const HEAVY = ['pdfkit', 'pkijs', 'asn1js', 'yauzl'];

let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'sceau.mjs')))
    throw new Error('dist/cli/sceau.mjs is missing: run `node scripts/build.mjs node` (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'sceau-cli-start-'));
  // A module hook that writes down every package and module file the CLI resolves.
  writeFileSync(
    join(dir, 'trace.mjs'),
    `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx);
  appendFileSync(process.env.TRACE_FILE, spec + ' ' + r.url + '\\n'); return r; } });
`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv, trace?: string) {
  const pre = trace ? ['--import', join(dir, 'trace.mjs')] : [];
  return spawnSync(process.execPath, [...pre, BIN, ...args], {
    cwd: ROOT,
    env: { ...env, ...(trace ? { TRACE_FILE: trace } : {}) },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function loaded(trace: string): string[] {
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

describe('sceau start: what it loads', () => {
  it('`sceau --help` loads neither the engine’s packages nor the demo archive', () => {
    const trace = join(dir, 'help.txt');
    const r = run(['--help'], cliEnv({ XDG_CACHE_HOME: join(dir, 'cache-help') }), trace);
    expect(r.status, r.stderr).toBe(0);
    const lines = loaded(trace);
    for (const p of [...HEAVY, 'better-sqlite3', '@napi-rs/keyring', 'xmllint-wasm', 'tar-stream'])
      expect(
        lines.filter((l) => l.startsWith(`${p} `)),
        p,
      ).toEqual([]);
  });

  it('`sceau deposit <file>` offline seals the file without pdfkit, pkijs, the demo archive or node:http as an ES module', () => {
    const env = cliEnv({ XDG_CACHE_HOME: join(dir, 'cache-deposit'), SCEAU_ARCHIVE_PASSWORD: 'x' });
    const data = join(dir, 'data');
    const add = run(
      ['--data-dir', data, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351', '--archive', 'asalae'].concat([
        '--url',
        'http://127.0.0.1:9/',
      ]),
      env,
    );
    expect(add.status, add.stderr).toBe(0);
    const file = join(dir, 'DE_2025_001_2025-03-14_budget (7.1).pdf');
    writeFileSync(file, randomBytes(64 * 1024));
    const trace = join(dir, 'deposit.txt');
    const r = run(['--data-dir', data, '--json', 'deposit', file], env, trace);
    expect(r.stdout, r.stderr).toMatch(/"to":"sealed"/);
    const lines = loaded(trace);
    // The engine was loaded (it sealed), through its own chunk.
    expect(lines.some((l) => l.startsWith('better-sqlite3 '))).toBe(true);
    for (const p of HEAVY)
      expect(
        lines.filter((l) => l.startsWith(`${p} `)),
        p,
      ).toEqual([]);
    expect(lines.filter((l) => /demo-archive|demo-tsa|\/server-/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('node:http ') || l.startsWith('http '))).toEqual([]);
  });
});

describe('sceau start: compiled code kept in the user’s cache folder', () => {
  it('fills <XDG_CACHE_HOME>/sceau/node-compile-cache, and a second run uses it', () => {
    const cache = join(dir, 'xdg');
    const env = cliEnv({ XDG_CACHE_HOME: cache });
    expect(run(['--version'], env).status).toBe(0);
    const root = join(cache, 'sceau', 'node-compile-cache');
    const entries = (): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' });
    const first = entries();
    expect(first.length).toBeGreaterThan(1);
    const again = run(['--version'], { ...env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
    expect(again.status).toBe(0);
    // Node's own trace: the bundle's code read back from the cache, not compiled again.
    expect(again.stderr).toMatch(
      /dist\/cli\/sceau\.mjs[^\n]*(cache hit|was accepted)|(cache hit|was accepted)[^\n]*dist\/cli\/sceau\.mjs/i,
    );
  });

  it('NODE_DISABLE_COMPILE_CACHE writes nothing; an unusable cache folder only costs speed', () => {
    const off = join(dir, 'xdg-off');
    const r = run(['--version'], cliEnv({ XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: '1' }));
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(off, 'sceau'))).toBe(false);
    // A file where the cache folder should be: the command still answers.
    const blocked = join(dir, 'xdg-file');
    writeFileSync(blocked, 'not a folder');
    const b = run(['--version'], cliEnv({ XDG_CACHE_HOME: blocked }));
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
