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

/**
 * Relaunches this app with the engine's flags when its command line lacks them; true when
 * this process is ending (the caller then does nothing else).
 */
export function relaunchWithEngineFlags(): boolean {
  const current = app.commandLine.getSwitchValue('js-flags');
  const wanted = engineJsFlags(current);
  if (wanted === current.split(/\s+/).filter(Boolean).join(' ') || process.argv.includes(RELAUNCHED_ARG)) return false;
  const args = process.argv.slice(1).filter((a) => !/^--js-flags(=|$)/.test(a));
  app.relaunch({ args: [...args, `--js-flags=${wanted}`, RELAUNCHED_ARG] });
  app.exit(0);
  return true;
}
