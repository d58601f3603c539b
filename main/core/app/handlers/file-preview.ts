// File reads for previews: an image as a data URL, a PDF's page count from its head and
// tail only (a 2 GB scan must not be read whole), a folder's first files, a file's first bytes.
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentDetail } from '../../../contract/api';
import { UserError } from '../../api/dispatch';
import { vaultAbsolutePath } from '../../seal/vault';
import type { DocumentRecord } from '../../store/documents';

const IMAGE_MAX = 4 * 1024 * 1024;
/** The page tree is near the start (linearised) or the end (incremental updates): 1 MiB each. */
export const PDF_WINDOW = 1024 * 1024;

export async function previewOf(vaultDir: string, d: DocumentRecord): Promise<DocumentDetail['preview']> {
  if (!d.vaultPath) return { kind: 'none' };
  const lower = d.fileName.toLowerCase();
  const file = vaultAbsolutePath(vaultDir, d.vaultPath);
  try {
    if (/\.(png|jpe?g|gif|webp)$/.test(lower) && d.size <= IMAGE_MAX) {
      const mime = lower.endsWith('.png')
        ? 'image/png'
        : lower.endsWith('.gif')
          ? 'image/gif'
          : lower.endsWith('.webp')
            ? 'image/webp'
            : 'image/jpeg';
      const data = await readFile(file);
      return { kind: 'image', dataUrl: `data:${mime};base64,${data.toString('base64')}` };
    }
    if (lower.endsWith('.pdf')) return { kind: 'pdf', pages: await pdfPageCount(file) };
  } catch {
    return { kind: 'none' };
  }
  return { kind: 'none' };
}

/** Largest /Count of a /Pages node found in the first and last PDF_WINDOW bytes. */
export async function pdfPageCount(file: string): Promise<number | null> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const windows =
      size <= 2 * PDF_WINDOW
        ? [[0, size]]
        : [
            [0, PDF_WINDOW],
            [size - PDF_WINDOW, PDF_WINDOW],
          ];
    let best: number | null = null;
    for (const [start, length] of windows) {
      const buf = Buffer.alloc(length!);
      const { bytesRead } = await fh.read(buf, 0, length!, start!);
      const text = buf.subarray(0, bytesRead).toString('latin1');
      for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)) {
        const n = Number(m[1]);
        if (best === null || n > best) best = n;
      }
    }
    return best;
  } finally {
    await fh.close();
  }
}

/** The first `bytes` of a file (empty when it cannot be read right now). */
export async function readHead(file: string, bytes = 4096): Promise<Buffer> {
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return Buffer.alloc(0);
  }
}

/** Up to `max` files under `root` (6 levels deep), sorted as the French eye expects. */
export async function listSample(root: string, max: number): Promise<{ relative: string; absolute: string }[]> {
  const out: { relative: string; absolute: string }[] = [];
  const walk = async (dir: string, depth: number) => {
    if (out.length >= max || depth > 6) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    for (const e of entries) {
      if (out.length >= max) return;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs, depth + 1);
      else if (e.isFile()) out.push({ relative: path.relative(root, abs).split(path.sep).join('/'), absolute: abs });
    }
  };
  try {
    await stat(root);
  } catch {
    throw new UserError(`Le dossier « ${root} » est introuvable.`);
  }
  await walk(root, 0);
  return out;
}
