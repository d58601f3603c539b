// Huge or sparse files ask first: a 10 GB sparse file would otherwise be sealed as 10 GB of
// real disk (vault copy) without a question. Files given for intake (and the files under
// the folders given) are looked at with stat only, up to a bounded number of entries.
import { readdir, stat } from 'node:fs/promises';
import { statMany } from '../../capture/stat-many';
import path from 'node:path';

export interface LargeFile {
  path: string;
  size: number;
  /** Allocated blocks cover less than half of the size: the copy would use far more disk. */
  sparse: boolean;
  message: string;
}

const MAX_ENTRIES = 20_000;

export async function findLargeFiles(
  roots: readonly string[],
  thresholdBytes: number,
  shownName: (p: string) => string = (p) => p,
): Promise<LargeFile[]> {
  const out: LargeFile[] = [];
  let seen = 0;
  const consider = (p: string, info: { size: number; blocks: number }) => {
    if (info.size <= thresholdBytes) return;
    const sparse = info.blocks * 512 < info.size / 2;
    out.push({ path: shownName(p), size: info.size, sparse, message: largeMessage(shownName(p), info.size, sparse) });
  };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // A folder's files are looked at together (statMany), not one awaited stat after another.
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) break;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) dirs.push(abs);
      else if (e.isFile()) files.push(abs);
    }
    const infos = await statMany(files.map((p) => ({ path: p })));
    infos.forEach((info, i) => {
      if (info) consider(files[i]!, info);
    });
    for (const d of dirs) {
      if (seen > MAX_ENTRIES) return;
      await walk(d);
    }
  };
  for (const root of roots) {
    const info = await stat(root).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) await walk(root);
    else if (info.isFile()) consider(root, info);
  }
  return out;
}

function largeMessage(name: string, size: number, sparse: boolean): string {
  // Below 1 Go (a lowered threshold) in Mo: never « pèse 0 Go ».
  const shown =
    size >= 1024 ** 3
      ? `${(size / 1024 ** 3).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Go`
      : `${Math.max(1, Math.round(size / 1024 ** 2)).toLocaleString('fr-FR')} Mo`;
  return sparse
    ? `« ${name} » annonce ${shown} mais est presque vide sur le disque (fichier creux) : sa copie scellée occuperait réellement ${shown}. Confirmez pour le verser quand même.`
    : `« ${name} » pèse ${shown} : sa copie scellée occupera autant de place dans le coffre. Confirmez pour le verser.`;
}
