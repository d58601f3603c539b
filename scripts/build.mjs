// Builds everything the hosts run: the renderer (Vite) and the Node bundles (esbuild):
// web host, CLI, Electron main + preload, benchmarks. node_modules stay external (native
// addons, wasm and font data are loaded from their packages at run time), except the
// pure-JS packages bundled into the ESM hosts (BUNDLED_PACKAGES below).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Pure-JS packages bundled into the ESM hosts rather than loaded from node_modules: zod's
 * ~80 module files cost every CLI start 60–100 ms of resolving and loading, 25–40 ms once
 * bundled (issue 18). The rest stays external.
 */
const BUNDLED_PACKAGES = new Set(['zod']);
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

const esm = {
  ...common,
  format: 'esm',
  plugins: [externalPackages],
  // Bundled ESM still needs require() for the few CommonJS-only paths.
  banner: {
    js: "import { createRequire as __sceauCreateRequire } from 'node:module'; const require = __sceauCreateRequire(import.meta.url);",
  },
};

const cjsBanner = "const __sceauImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

const jobs = [];
if (want('node')) {
  rmSync(path.join(root, 'dist', 'web'), { recursive: true, force: true });
  rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
  jobs.push(
    // The hosts with code splitting: a dynamic import() (the engine, the demo archive, a
    // command's module) becomes a chunk loaded when reached, with the packages it imports,
    // instead of being hoisted to the start of every run (issue 18). Chunks sit one folder
    // below dist/, like the entries, so paths relative to import.meta.url stay valid.
    build({
      ...esm,
      entryPoints: { 'web/host': 'main/web/host.ts', 'cli/sceau': 'main/cli/index.ts' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outdir: 'dist',
      outExtension: { '.js': '.mjs' },
    }),
    // Worker threads stay single files (dist/seal is unpacked beside the asar).
    build({
      ...esm,
      entryPoints: {
        'seal/seal-worker': 'main/core/seal/seal-worker.ts',
        'demo-archive/check-worker': 'main/demo-archive/check-worker.ts',
      },
      outdir: 'dist',
      outExtension: { '.js': '.mjs' },
    }),
    build({
      ...common,
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      entryPoints: { 'electron/main': 'main/electron/main.ts' },
      outdir: 'dist',
      outExtension: { '.js': '.cjs' },
      define: { 'import.meta.url': '__sceauImportMetaUrl' },
      banner: { js: cjsBanner },
    }),
    // The sandboxed preload can only require('electron'): bundle everything else in.
    build({
      ...common,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      entryPoints: { 'electron/preload': 'preload/index.ts' },
      outdir: 'dist',
      outExtension: { '.js': '.cjs' },
    }),
  );
}
if (want('bench') && existsSync(path.join(root, 'bench', 'run.ts'))) {
  jobs.push(
    build({ ...esm, entryPoints: { 'bench/run': 'bench/run.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' } }),
  );
}
await Promise.all(jobs);

if (want('renderer')) {
  const vite = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
