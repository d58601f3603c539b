// The engine runs in Electron's main process: it gets the web host's V8 flags
// (scripts/engine-flags.mjs: a small young generation and a tight old one keep a 100,000-file
// drop under 250 MiB).
// Electron applies `--js-flags` to the main process only when given on its command line at
// start (docs/api/command-line-switches.md, « --js-flags »: "In order to enable the flags in
// the main process, this switch must be passed on startup"): app.commandLine.appendSwitch
// reaches the renderers only, v8.setFlagsFromString (and package.json `v8Flags`) come after
// V8 has sized its heap, and the NODE_OPTIONS fuse is off (electron-builder.yml). So a start
// without them (a shortcut, the login item) relaunches once with them, before any window,
// lock or database.
import { spawn } from 'node:child_process';
import { app } from 'electron';
import { ENGINE_NODE_FLAGS } from '../../scripts/engine-flags.mjs';

/** Marks the relaunched process: never a second relaunch, whatever Electron kept. */
export const RELAUNCHED_ARG = '--sceau-relaunched';

const optionName = (flag: string): string => (flag.split('=')[0] ?? '').replace(/_/g, '-');

/** `--js-flags` value holding the engine's flags, with any the user gave kept (theirs win). */
export function engineJsFlags(current = ''): string {
  const given = current.split(/\s+/).filter(Boolean);
  const missing = ENGINE_NODE_FLAGS.filter((f) => !given.some((g) => optionName(g) === optionName(f)));
  return [...given, ...missing].join(' ');
}

/** Starts the AppImage file again, detached (see relaunchWithEngineFlags). */
export type AppImageStarter = (file: string, args: string[]) => void;

const startAppImage: AppImageStarter = (file, args) => {
  spawn(file, args, { detached: true, stdio: 'ignore' }).unref();
};

/**
 * Relaunches this app with the engine's flags when its command line lacks them; true when
 * this process is ending (the caller then does nothing else). In an AppImage, app.relaunch
 * would start the executable inside the image's mount, which vanishes when this process
 * exits (electron-builder issues #1727, #4650): the image file itself ($APPIMAGE) is started.
 */
export function relaunchWithEngineFlags(
  env: NodeJS.ProcessEnv = process.env,
  startImage: AppImageStarter = startAppImage,
): boolean {
  const current = app.commandLine.getSwitchValue('js-flags');
  const wanted = engineJsFlags(current);
  if (wanted === current.split(/\s+/).filter(Boolean).join(' ') || process.argv.includes(RELAUNCHED_ARG)) return false;
  const args = process.argv.slice(1).filter((a) => !/^--js-flags(=|$)/.test(a));
  const relaunched = [...args, `--js-flags=${wanted}`, RELAUNCHED_ARG];
  if (env.APPIMAGE) {
    try {
      startImage(env.APPIMAGE, relaunched);
    } catch {
      // Not startable (moved, no exec right): this process goes on with Node's defaults.
      return false;
    }
  } else app.relaunch({ args: relaunched });
  app.exit(0);
  return true;
}

/** Login item arguments: started hidden, with the engine's flags (no relaunch at each login). */
export function loginItemArgs(): string[] {
  return ['--hidden', `--js-flags=${engineJsFlags()}`];
}
