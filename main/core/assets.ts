// Locates the app's bundled data (SEDA schemas, fonts, icons) from sources, from the
// bundles in dist/, or from a packaged app (where native data sits unpacked beside the asar).
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

function isAssetsDir(dir: string): boolean {
  try {
    return statSync(path.join(dir, 'seda', '2.2', 'seda-2.2-main.xsd')).isFile();
  } catch {
    return false;
  }
}

export function assetsDir(): string {
  if (process.env.SCEAU_ASSETS_DIR) return process.env.SCEAU_ASSETS_DIR;
  if (cached) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  for (let up = 0, dir = here; up < 6; up++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'assets'));
    // Packaged: resources/app.asar/… → resources/app.asar.unpacked/assets
    if (dir.endsWith('.asar')) candidates.push(path.join(`${dir}.unpacked`, 'assets'));
  }
  candidates.push(path.resolve(process.cwd(), 'assets'));
  cached = candidates.find(isAssetsDir) ?? path.resolve(process.cwd(), 'assets');
  return cached;
}

export const sedaSchemasDir = (): string => path.join(assetsDir(), 'seda');
export const fontsDir = (): string => path.join(assetsDir(), 'fonts');
