// Collects File objects from a drop, walking dropped folders (webkitGetAsEntry), and
// keeps each file's path relative to what was dropped in `webkitRelativePath`.

interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FsFileEntry extends FsEntry {
  file(success: (f: File) => void, failure: (e: unknown) => void): void;
}
interface FsDirectoryEntry extends FsEntry {
  createReader(): { readEntries(success: (entries: FsEntry[]) => void, failure: (e: unknown) => void): void };
}

const MAX_FILES = 10_000;

function withRelativePath(file: File, relativePath: string): File {
  if (relativePath && relativePath !== file.name) {
    try {
      Object.defineProperty(file, 'webkitRelativePath', { value: relativePath, configurable: true });
    } catch {
      // Read-only in this engine: the bare file name is used.
    }
  }
  return file;
}

function readAll(dir: FsDirectoryEntry): Promise<FsEntry[]> {
  const reader = dir.createReader();
  const out: FsEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FsEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FsFileEntry).file(resolve, reject));
    out.push(withRelativePath(file, entry.fullPath.replace(/^\//, '')));
  } else if (entry.isDirectory) {
    for (const child of await readAll(entry as FsDirectoryEntry)) await walk(child, out);
  }
}

/** Must be called synchronously inside the drop handler (items expire afterwards). */
export function collectDropped(dataTransfer: DataTransfer): Promise<File[]> {
  const entries: FsEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => FsEntry | null }).webkitGetAsEntry?.() ?? null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(dataTransfer.files));
  return (async () => {
    const out = [...loose];
    for (const e of entries) await walk(e, out);
    return out;
  })();
}
