// Reads a received package (tar.gz, tar or zip, detected from content) in one pass:
// every member is hashed (SHA-256 and SHA-512) and, if asked, extracted to disk.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';

export interface PackageMember {
  size: number;
  sha256: string;
  sha512: string;
}

export interface PackageContent {
  format: 'tar.gz' | 'tar' | 'zip';
  members: Map<string, PackageMember>;
}

export class PackageError extends Error {}

/** A library's error text for a reply, with any file-system path of this server cut out. */
function technical(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/(?:[A-Za-z]:)?[\\/](?:[^\s'"`,;)]+[\\/])*[^\s'"`,;)]*/g, '…').slice(0, 200);
}

/** Member path as the bordereau's Uri would name it; undefined when unsafe. */
export function memberPath(name: string): string | undefined {
  const n = name.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (!n || n.startsWith('/') || /^[a-zA-Z]:/.test(n)) return undefined;
  const norm = path.posix.normalize(n);
  if (norm.startsWith('../') || norm === '..') return undefined;
  return norm;
}

async function sniff(file: string): Promise<PackageContent['format']> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(262);
    const { bytesRead } = await fh.read(b, 0, 262, 0);
    if (bytesRead >= 4 && b.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 262 && b.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
    throw new PackageError("format d'archive non reconnu (ni tar.gz, ni tar, ni zip)");
  } finally {
    await fh.close();
  }
}

/** Expanded bytes so far, against the cap (a 300 KB tar.gz may expand to 300 MB). */
interface Budget {
  used: number;
  max: number;
}

function overBudget(max: number): PackageError {
  return new PackageError(`le paquet dépasse ${Math.round(max / (1024 * 1024))} Mo une fois décompressé`);
}

async function consume(
  stream: Readable,
  name: string,
  extractTo: string | undefined,
  members: Map<string, PackageMember>,
  budget: Budget,
): Promise<void> {
  const rel = memberPath(name);
  if (!rel) throw new PackageError(`chemin interdit dans l'archive : ${name}`);
  const h256 = createHash('sha256');
  const h512 = createHash('sha512');
  let size = 0;
  const out = extractTo ? path.join(extractTo, rel) : undefined;
  if (out) await mkdir(path.dirname(out), { recursive: true });
  const file = out ? createWriteStream(out) : undefined;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        budget.used += chunk.length;
        if (budget.used > budget.max) {
          cb(overBudget(budget.max));
          return;
        }
        h256.update(chunk);
        h512.update(chunk);
        if (file && !file.write(chunk)) file.once('drain', () => cb());
        else cb();
      },
      final(cb) {
        if (file) file.end(() => cb());
        else cb();
      },
    }),
  );
  members.set(rel, { size, sha256: h256.digest('hex'), sha512: h512.digest('hex') });
}

async function readTar(
  file: string,
  gz: boolean,
  extractTo: string | undefined,
  budget: Budget,
): Promise<Map<string, PackageMember>> {
  const members = new Map<string, PackageMember>();
  const extract = tar.extract();
  const src = createReadStream(file);
  const input: Readable = gz ? src.pipe(createGunzip()) : src;
  if (gz) src.on('error', (e) => input.destroy(e));
  input.pipe(extract);
  input.on('error', (e) => extract.destroy(e));
  try {
    for await (const entry of extract) {
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file')
        await consume(entry as unknown as Readable, entry.header.name, extractTo, members, budget);
      else entry.resume();
    }
  } catch (err) {
    if (err instanceof PackageError) throw err;
    throw new PackageError(`archive illisible (${technical(err)})`);
  }
  return members;
}

function readZip(file: string, extractTo: string | undefined, budget: Budget): Promise<Map<string, PackageMember>> {
  const members = new Map<string, PackageMember>();
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) {
        reject(new PackageError(`zip illisible (${err ? technical(err) : 'inconnu'})`));
        return;
      }
      zip.on('error', (e: Error) => reject(new PackageError(`zip illisible (${technical(e)})`)));
      zip.on('end', () => resolve(members));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            zip.close();
            reject(new PackageError(`zip illisible (${e ? technical(e) : 'entrée'})`));
            return;
          }
          consume(stream, entry.fileName, extractTo, members, budget).then(
            () => zip.readEntry(),
            (x: unknown) => {
              zip.close();
              reject(x instanceof PackageError ? x : new PackageError(`zip illisible (${technical(x)})`));
            },
          );
        });
      });
      zip.readEntry();
    });
  });
}

export async function readPackage(
  file: string,
  extractTo?: string,
  maxExpandedBytes = 2 * 1024 * 1024 * 1024,
): Promise<PackageContent> {
  const format = await sniff(file);
  const budget: Budget = { used: 0, max: maxExpandedBytes };
  const members =
    format === 'zip'
      ? await readZip(file, extractTo, budget)
      : await readTar(file, format === 'tar.gz', extractTo, budget);
  return { format, members };
}
