// `npm start`: builds, then opens Sceau in Electron; where the Electron binary cannot start
// (not installed, headless server), falls back to the web host and says so in French.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'node', 'renderer'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
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
  const child = spawn(electron.bin, [path.join(root, 'dist', 'electron', 'main.cjs'), ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    `Sceau s'ouvre dans votre navigateur : ${electron.why}.\n` +
      "Toutes les fonctions sont disponibles ; l'archive de démonstration est déjà configurée au premier lancement.",
  );
  // The host hands a single-use launch address on a private pipe (fd 3): the opener's command
  // line, visible to other local users, never carries the access token.
  const child = spawn(process.execPath, [path.join(root, 'dist', 'web', 'host.mjs'), ...extra], {
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
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
