#!/usr/bin/env node
// `sceau` launcher: runs the built CLI bundle (dist/cli/sceau.mjs). The exit code is set,
// not forced, so the engine can finish closing its database before Node exits.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
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

if (!existsSync(bundle)) {
  process.stderr.write(
    `La commande sceau n’est pas encore construite (${bundle} est absent).\n` +
      `Construisez-la depuis le dossier du projet :\n  npm install\n  npm run build\n` +
      `puis relancez : node bin/sceau.mjs --help\n`,
  );
  process.exitCode = 1;
} else {
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(process.argv.slice(2));
}
