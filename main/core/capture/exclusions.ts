// Sceau's own files are never captured: the vault, any excludeDirs and, once the vault's
// parent is seen to be the data folder (it holds sceau.db), the engine's own entries there
// (sceau.db and its -wal/-shm, backups, staging, exports, logs). Not the whole parent: a
// user folder next to the data (or the inbox) stays capturable.
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The engine's own entries in its data folder (see Engine.open). */
const DATA_ENTRIES = /^(sceau\.db(-wal|-shm|-journal)?|backups|staging|exports|logs)$/;

export class Exclusions {
  private readonly vaultDir: string;
  private readonly dirs: string[];
  private dataDirSeen = false;

  constructor(vaultDir: string, excludeDirs: readonly string[]) {
    this.vaultDir = resolve(vaultDir);
    this.dirs = [this.vaultDir, ...excludeDirs.map((d) => resolve(d))];
  }

  isExcluded(path: string): boolean {
    const p = resolve(path);
    const inside = (d: string): boolean => p === d || p.startsWith(d.endsWith(sep) ? d : d + sep);
    if (this.dirs.some(inside)) return true;
    const dataDir = dirname(this.vaultDir);
    if (dataDir === this.vaultDir || !inside(dataDir) || p === dataDir) return false;
    const first =
      p
        .slice(dataDir.length)
        .split(sep)
        .find((x) => x !== '') ?? '';
    if (!DATA_ENTRIES.test(first)) return false;
    return this.isDataDir(dataDir);
  }

  private isDataDir(dir: string): boolean {
    if (this.dataDirSeen) return true;
    this.dataDirSeen = existsSync(join(dir, 'sceau.db'));
    return this.dataDirSeen;
  }
}
