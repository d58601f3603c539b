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
  private readonly prefixes: string[];
  private readonly dataDir: string;
  private readonly dataPrefix: string;
  private dataDirSeen = false;

  constructor(vaultDir: string, excludeDirs: readonly string[]) {
    this.vaultDir = resolve(vaultDir);
    this.dirs = [this.vaultDir, ...excludeDirs.map((d) => resolve(d))];
    this.prefixes = this.dirs.map(withSep);
    this.dataDir = dirname(this.vaultDir);
    this.dataPrefix = withSep(this.dataDir);
  }

  isExcluded(path: string): boolean {
    const p = resolve(path);
    // Asked for every file of a drop: no closure or prefix built per call.
    for (let i = 0; i < this.dirs.length; i++) if (p === this.dirs[i] || p.startsWith(this.prefixes[i]!)) return true;
    const dataDir = this.dataDir;
    if (dataDir === this.vaultDir || !p.startsWith(this.dataPrefix)) return false;
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

function withSep(d: string): string {
  return d.endsWith(sep) ? d : d + sep;
}
