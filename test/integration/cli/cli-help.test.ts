// The CLI as IT staff meet it: the built bundle runs by itself, a reader that stops early
// (`| head`) closes quietly, every help text is French, every option is listed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../main/cli/index';
import { cliEnv, ROOT } from './helpers';

const BUNDLE = join(ROOT, 'dist', 'cli', 'sceau.mjs');

function runBundle(args: string[]) {
  return spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: ROOT,
    env: cliEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** Every command and sub-command of `sceau`, with its path ("profile add"). */
function allCommands(cmd: Command, prefix = ''): Array<{ path: string; cmd: Command }> {
  const here = { path: prefix || 'sceau', cmd };
  return [here, ...cmd.commands.flatMap((c) => allCommands(c, `${prefix ? `${prefix} ` : ''}${c.name()}`))];
}

const ENGLISH =
  /display help|Usage:|Options:|Commands:|Arguments:|\(default:|\(choices:|\[command\]|output the version|for command\b/;

beforeAll(() => {
  if (!existsSync(BUNDLE))
    throw new Error('dist/cli/sceau.mjs is missing: run `node scripts/build.mjs node` (npm test does)');
});

describe('sceau: the built bundle and its help', () => {
  it('node dist/cli/sceau.mjs --help prints the French help and exits 0 (the bundle runs by itself)', () => {
    const r = runBundle(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Utilisation : sceau \[options\] \[commande\]/);
    expect(r.stdout).toMatch(/demo-archive/);
    const v = runBundle(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  it('a reader that closes the pipe early (`sceau --help | true`): no EPIPE crash, exit 0, nothing on stderr', () => {
    for (const args of ['--help', 'profile help', 'demo-archive --help']) {
      const r = spawnSync(
        'bash',
        ['-c', `"$0" "$1" ${args} | true; exit "\${PIPESTATUS[0]}"`, process.execPath, BUNDLE],
        { cwd: ROOT, env: cliEnv(), encoding: 'utf8', timeout: 30_000 },
      );
      expect(r.stderr, args).toBe('');
      expect(r.status, args).toBe(0);
    }
  });

  it('`sceau profile help` and `sceau settings help` are French, implicit help command included', () => {
    for (const cmd of ['profile', 'settings']) {
      const r = runBundle([cmd, 'help']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Utilisation : sceau ${cmd}`));
      expect(r.stdout).toMatch(/help \[commande\]\s+aide sur une commande/);
      expect(r.stdout).not.toMatch(ENGLISH);
    }
  });

  it('every command’s help, at every level, has no English left from commander', () => {
    const program = buildProgram(
      () => undefined,
      () => undefined,
    );
    const all = allCommands(program);
    expect(all.length).toBeGreaterThan(15);
    for (const { path, cmd } of all) {
      const text = cmd.helpInformation();
      expect(text, path).toMatch(/^Utilisation : /);
      expect(text, path).not.toMatch(ENGLISH);
      expect(text, path).toMatch(/-h, --help\s+afficher l’aide/);
    }
  });

  it('`sceau demo-archive --help` lists every option the demo archive reads (--port, --data, --pending-ms), and starts nothing', () => {
    const source = readFileSync(join(ROOT, 'main', 'demo-archive', 'cli.ts'), 'utf8');
    const read = [...source.matchAll(/option\(argv, '(--[a-z-]+)'\)/g)].map((m) => m[1]!);
    expect(read).toEqual(expect.arrayContaining(['--port', '--data', '--pending-ms']));
    const r = runBundle(['demo-archive', '--help']);
    expect(r.status, r.stderr).toBe(0);
    for (const o of read) expect(r.stdout, o).toContain(o);
    expect(r.stdout).not.toMatch(/Archive de démonstration Sceau démarrée/);
  });

  it('`sceau demo-archive --port 0 --data D` still starts the archive with those options', async () => {
    const data = mkdtempSync(join(tmpdir(), 'sceau-demo-cli-'));
    const child = spawn(process.execPath, [BUNDLE, 'demo-archive', '--port', '0', '--data', data], {
      cwd: ROOT,
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const end = Date.now() + 20_000;
      while (!/Données : /.test(out) && Date.now() < end && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/Archive de démonstration Sceau démarrée : http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain(`Données : ${data}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    }
  });
});
