// The Electron main process runs the engine with the web host's V8 flags
// (main/electron/engine-flags.ts), at its module boundary with the documented fake `electron`:
// Electron applies `--js-flags` to the main process only from its start-up command line, so a
// start without them relaunches once with them, keeping the user's arguments and flags.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_NODE_FLAGS } from '../../scripts/engine-flags.mjs';
import { createFakeElectron } from './fake-electron';
import { tempDir } from '../integration/engine/helpers';

const fake = createFakeElectron(tempDir('sceau-flags-'));
vi.mock('electron', () => fake.module);
const { engineJsFlags, relaunchWithEngineFlags, RELAUNCHED_ARG } = await import('../../main/electron/engine-flags');

const argv = process.argv;
/** Starts the (fake) app with this command line: process.argv and Electron's switches. */
function startedWith(args: string[]): void {
  process.argv = ['/opt/Sceau/sceau', ...args];
  fake.switches = {};
  for (const a of args) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) fake.switches[m[1]!] = m[2] ?? '';
  }
  fake.relaunches.length = 0;
  fake.exits.length = 0;
}
afterEach(() => {
  process.argv = argv;
});

describe('réglages mémoire du processus principal (issue 18)', () => {
  it('lancé sans les réglages (raccourci, ouverture de session) : relancé une fois avec eux, ses arguments gardés', () => {
    startedWith(['--hidden']);
    expect(relaunchWithEngineFlags()).toBe(true);
    expect(fake.relaunches).toEqual([
      { args: ['--hidden', `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`, RELAUNCHED_ARG] },
    ]);
    expect(fake.exits).toEqual([0]);
  });

  it('lancé avec eux (npm start, le relancement) : rien', () => {
    startedWith(['/app/dist/electron/main.cjs', `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`]);
    expect(relaunchWithEngineFlags()).toBe(false);
    expect(fake.relaunches).toEqual([]);
    expect(fake.exits).toEqual([]);
  });

  it('une valeur de l’utilisateur (même écrite avec des _) l’emporte : seuls les réglages absents sont ajoutés', () => {
    const [semi, ...others] = ENGINE_NODE_FLAGS;
    expect(semi).toMatch(/^--max-semi-space-size=/);
    startedWith(['--js-flags=--max_semi_space_size=8']);
    expect(relaunchWithEngineFlags()).toBe(others.length > 0);
    if (others.length > 0)
      expect(fake.relaunches[0]!.args).toContain(`--js-flags=--max_semi_space_size=8 ${others.join(' ')}`);
    startedWith([`--js-flags=--max_semi_space_size=8 ${others.join(' ')}`]);
    expect(relaunchWithEngineFlags()).toBe(false);
  });

  it('d’autres --js-flags de l’utilisateur sont gardés et complétés ; jamais deux relancements', () => {
    startedWith(['/app/main.cjs', '--js-flags=--expose-gc', '--lang=fr']);
    expect(relaunchWithEngineFlags()).toBe(true);
    expect(fake.relaunches[0]!.args).toEqual([
      '/app/main.cjs',
      '--lang=fr',
      `--js-flags=--expose-gc ${ENGINE_NODE_FLAGS.join(' ')}`,
      RELAUNCHED_ARG,
    ]);
    // Should Electron ever drop the switch, the relaunched process does not loop.
    startedWith(['/app/main.cjs', RELAUNCHED_ARG]);
    expect(relaunchWithEngineFlags()).toBe(false);
    expect(fake.exits).toEqual([]);
    expect(engineJsFlags('')).toBe(ENGINE_NODE_FLAGS.join(' '));
  });

  it('dans une AppImage : le fichier AppImage lui-même est relancé (app.relaunch viserait le montage qui disparaît)', () => {
    startedWith(['--hidden']);
    const started: Array<{ file: string; args: string[] }> = [];
    const env = { APPIMAGE: '/home/agent/Sceau-1.0.0-linux-x86_64.AppImage' };
    expect(relaunchWithEngineFlags(env, (file, args) => started.push({ file, args }))).toBe(true);
    expect(fake.relaunches).toEqual([]);
    expect(started).toEqual([
      { file: env.APPIMAGE, args: ['--hidden', `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`, RELAUNCHED_ARG] },
    ]);
    expect(fake.exits).toEqual([0]);
    // Not startable: this process goes on (with Node's defaults) rather than vanish.
    startedWith(['--hidden']);
    const refused = (): void => {
      throw new Error('EACCES');
    };
    expect(relaunchWithEngineFlags(env, refused)).toBe(false);
    expect(fake.exits).toEqual([]);
  });
});
