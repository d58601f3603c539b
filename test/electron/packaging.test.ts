// Checks the packaged app's layout (asar, unpacked natives, fuses) where an Electron binary
// exists and the app was packaged (`npx electron-builder --dir`). Otherwise SKIPS, saying why.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function electronBinary(): { path: string | null; reason: string } {
  // In a child: require('electron') may try to download and throw; keep that out of the runner.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  if (!path || !existsSync(path))
    return {
      path: null,
      reason: `binaire Electron absent (${(probe.stderr || 'require("electron") a échoué').split('\n')[0]})`,
    };
  const version = spawnSync(path, ['--version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '' },
  });
  if (version.status !== 0)
    return {
      path: null,
      reason: `le binaire Electron ne démarre pas (${version.error?.message ?? `code ${version.status}`})`,
    };
  return { path, reason: '' };
}

function unpackedApp(): { dir: string; exe: string; resources: string } | null {
  const release = join(root, 'release');
  if (!existsSync(release)) return null;
  for (const name of readdirSync(release)) {
    const dir = join(release, name);
    if (name === 'linux-unpacked' && existsSync(join(dir, 'sceau')))
      return { dir, exe: join(dir, 'sceau'), resources: join(dir, 'resources') };
    if (name === 'win-unpacked' && existsSync(join(dir, 'Sceau.exe')))
      return { dir, exe: join(dir, 'Sceau.exe'), resources: join(dir, 'resources') };
    if (name.startsWith('mac') && existsSync(join(dir, 'Sceau.app'))) {
      return {
        dir,
        exe: join(dir, 'Sceau.app', 'Contents', 'MacOS', 'Sceau'),
        resources: join(dir, 'Sceau.app', 'Contents', 'Resources'),
      };
    }
  }
  return null;
}

const electron = electronBinary();
const app = electron.path ? unpackedApp() : null;
const skipReason = !electron.path
  ? electron.reason
  : !app
    ? 'application non empaquetée (lancez : npm run build && npx electron-builder --dir)'
    : '';
if (skipReason) process.stdout.write(`[packaging] SKIPPED: ${skipReason}\n`);

describe.skipIf(skipReason !== '')('packaged app layout', () => {
  it('has the app in an asar, natives and SEDA schemas unpacked, fuses burnt', async () => {
    if (!app) throw new Error('unreachable');
    const { resources, exe } = app;
    expect(existsSync(join(resources, 'app.asar'))).toBe(true);
    const unpacked = join(resources, 'app.asar.unpacked');
    expect(existsSync(join(unpacked, 'assets', 'seda'))).toBe(true);
    expect(existsSync(join(unpacked, 'node_modules', 'better-sqlite3'))).toBe(true);
    expect(existsSync(join(unpacked, 'node_modules', '@napi-rs', 'keyring'))).toBe(true);
    const { getCurrentFuseWire, FuseV1Options, FuseState } = await import('@electron/fuses');
    const wire = (await getCurrentFuseWire(exe)) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    // runAsNode off: ELECTRON_RUN_AS_NODE must not turn the app into a Node interpreter.
    const asNode = spawnSync(exe, ['-e', 'process.stdout.write("node")'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(asNode.stdout).not.toBe('node');
  });
});
