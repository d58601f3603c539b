#!/usr/bin/env node
// `sceau` launcher: runs the built CLI bundle (dist/cli/sceau.mjs). The exit code is set,
// not forced, so the engine can finish closing its database before Node exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { constants, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'sceau.mjs');

/** The user's cache folder for Sceau (never the data folder: this can be deleted at will). */
function cacheDir() {
  const env = process.env;
  if (process.platform === 'win32') {
    const local = env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local');
    return join(local, 'Sceau', 'Cache');
  }
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Sceau');
  // XDG says a relative value must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'sceau');
}

/** The name of a Node option (`--max-semi-space-size=4` → `--max-semi-space-size`). */
const optionName = (flag) => flag.split('=')[0].replace(/_/g, '-');

/** Whether this Node already runs with the engine's V8 flags, or with the user's own values. */
function hasEngineFlags(flags) {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map(optionName);
  return flags.every((flag) => given.includes(optionName(flag)));
}

/**
 * Runs this launcher again under the engine's Node flags (issue 18: the memory of a large
 * deposit; scripts/engine-flags.mjs says why). V8 sizes its young generation once, when the heap is
 * set up: `v8.setFlagsFromString('--max-semi-space-size=4')` here changes nothing (measured:
 * new space still 32 MiB), and NODE_OPTIONS or the `#!` line cannot be set by the command
 * itself. Costs one Node start (~25 ms); the child gets the terminal, stdin and signals.
 */
function runWithEngineFlags(flags) {
  const child = spawn(
    process.execPath,
    [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, [LAUNCHER_ENV]: String(process.pid) } },
  );
  let started = false;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // Ctrl+C reaches both processes from the terminal (the CLI ignores a second one while it
  // closes); a signal sent to this process alone is passed on. Windows delivers Ctrl+C to the
  // whole console and has no other signals to pass: there this process only waits.
  const forward = (signal) => {
    if (process.platform !== 'win32') child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  child.on('spawn', () => (started = true));
  child.on('error', (error) => {
    if (started) return;
    // No second process (limits, antivirus…): run here with Node's defaults rather than fail.
    for (const signal of signals) process.off(signal, forward);
    process.stderr.write(`sceau : lancement sans les réglages mémoire (${error.message}).\n`);
    void runHere();
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    process.exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1);
    // Killed by a signal: this process ends the same way, so a shell sees it (a loop stops on
    // Ctrl+C). The exit code above stays for a signal that cannot be raised here.
    if (signal && process.platform !== 'win32') process.kill(process.pid, signal);
  });
}

/** Set in the command's environment: the launcher's pid. */
const LAUNCHER_ENV = 'SCEAU_LAUNCHER_PID';

/**
 * In the command started by the launcher: should the launcher vanish without passing a
 * signal on (SIGKILL, a supervisor killing only its pid), the command stops as on SIGTERM
 * (closing its database) instead of going on alone beside a restarted one.
 */
function stopWithLauncher() {
  const launcher = Number(process.env[LAUNCHER_ENV]);
  // Not handed down: a sceau started from this command has its own launcher, or none.
  delete process.env[LAUNCHER_ENV];
  if (!(launcher > 0)) return;
  const alive = () => {
    if (process.ppid !== launcher) return false;
    try {
      process.kill(launcher, 0);
      return true;
    } catch (error) {
      return error.code === 'EPERM';
    }
  };
  const timer = setInterval(() => {
    if (alive()) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  timer.unref();
}

async function runHere() {
  stopWithLauncher();
  // V8's compiled code for the bundle and its packages, kept between runs: a command starts
  // without compiling them again (issue 18). Node checks each entry against the source, and
  // NODE_COMPILE_CACHE / NODE_DISABLE_COMPILE_CACHE still decide when set.
  if (!process.env.NODE_COMPILE_CACHE) {
    try {
      module.enableCompileCache?.(join(cacheDir(), 'node-compile-cache'));
    } catch {
      // No writable cache folder: start as before, only slower.
    }
  }
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(process.argv.slice(2));
}

if (!existsSync(bundle)) {
  process.stderr.write(
    `La commande sceau n’est pas encore construite (${bundle} est absent).\n` +
      `Construisez-la depuis le dossier du projet :\n  npm install\n  npm run build\n` +
      `puis relancez : node bin/sceau.mjs --help\n`,
  );
  process.exitCode = 1;
} else {
  // Read once the build is known to be there (the message above needs nothing else).
  const { ENGINE_NODE_FLAGS } = await import('../scripts/engine-flags.mjs');
  if (hasEngineFlags(ENGINE_NODE_FLAGS)) await runHere();
  else runWithEngineFlags(ENGINE_NODE_FLAGS);
}
