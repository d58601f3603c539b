// Runs a bundled entry as another user (nobody) from a checkout that user may not traverse
// (a clone under root's home or a 0700 `mktemp -d` folder): the Node binary, the bundle, the
// packages and the assets are staged in a world-readable temporary folder, hard-linked where
// the file system allows (a copy otherwise), so nothing in the checkout needs opening up.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface UserStage {
  /** World-readable folder holding the staged run (and room for the test's own files). */
  dir: string;
  /** The staged Node binary. */
  node: string;
  /** Stages a built entry (`bundle()` output) next to the staged packages; returns its path. */
  entry(bundled: string): string;
  /** A fresh world-traversable folder inside the stage for the test's data. */
  folder(name: string): string;
  dispose(): void;
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
    chmodSync(to, 0o755);
  }
}

/** `cp -al` (hard-linked tree), falling back to a plain recursive copy across file systems. */
function stageTree(from: string, to: string): void {
  const linked = spawnSync('cp', ['-al', realpathSync(from), to], { encoding: 'utf8' });
  if (linked.status === 0) return;
  rmSync(to, { recursive: true, force: true });
  const copied = spawnSync('cp', ['-a', realpathSync(from), to], { encoding: 'utf8' });
  if (copied.status !== 0) throw new Error(`cannot stage ${from}: ${copied.stderr || linked.stderr}`);
}

export function createUserStage(): UserStage {
  const dir = mkdtempSync(path.join(tmpdir(), 'sceau-user-stage-'));
  chmodSync(dir, 0o755);
  const app = path.join(dir, 'app');
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(app);
  for (const d of [path.join(dir, 'bin'), app]) chmodSync(d, 0o755);
  const node = path.join(dir, 'bin', 'node');
  linkOrCopy(realpathSync(process.execPath), node);
  stageTree(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
  stageTree(path.join(ROOT, 'assets'), path.join(app, 'assets'));
  return {
    dir,
    node,
    entry(bundled) {
      const to = path.join(app, path.basename(bundled));
      copyFileSync(bundled, to);
      chmodSync(to, 0o644);
      return to;
    },
    folder(name) {
      const f = mkdtempSync(path.join(dir, `${name}-`));
      chmodSync(f, 0o755);
      return f;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
