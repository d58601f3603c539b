// Writes a transfer package to a staging dir, streaming every file from the vault (files
// may be 2 GiB: never held in memory). as@lae: bordereau.xml + archive.tar.gz; Vitam: one
// zip with manifest.xml at the root. Each file is re-hashed while packed and must match
// the digest the bordereau declares; outputs are fsynced before the transfer is "ready".
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import type { PreparedTransfer } from '../archive/connector';
import type { SedaVersion } from '../../contract/types';
import { allObjects, buildArchiveTransfer } from './builder';
import type { ObjectInput, TransferInput } from './types';

export interface PackageOptions {
  target: 'asalae' | 'vitam';
  sedaVersion: SedaVersion;
  stagingDir: string;
}

/** Raised when a package cannot be built; the message is French, for the user. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

const CHUNK = 1024 * 1024;

/**
 * A file read lazily (opened on first read, so hundreds of files do not hold hundreds of
 * descriptors) and hashed on the fly; ends with an error when size or digest differ.
 */
function verifiedFileStream(filePath: string, o: ObjectInput): Readable {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  let pos = 0;
  const hash = createHash(o.digest.algorithm);
  return new Readable({
    highWaterMark: CHUNK,
    async read() {
      try {
        fh ??= await open(filePath, 'r');
        const buf = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
        if (bytesRead === 0) {
          await fh.close();
          fh = undefined;
          const hex = hash.digest('hex');
          if (pos !== o.size) {
            this.destroy(
              new PackageError(
                `Le fichier « ${o.fileName} » a changé de taille dans le coffre (${pos} octets au lieu de ${o.size}).`,
              ),
            );
          } else if (hex !== o.digest.hex.toLowerCase()) {
            this.destroy(
              new PackageError(
                `L’empreinte du fichier « ${o.fileName} » dans le coffre ne correspond plus à celle du scellement : versement arrêté.`,
              ),
            );
          } else this.push(null);
          return;
        }
        pos += bytesRead;
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        this.push(chunk);
      } catch (e) {
        this.destroy(e instanceof Error ? e : new Error(String(e)));
      }
    },
    async destroy(err, cb) {
      try {
        await fh?.close();
      } catch {
        /* already closed */
      }
      cb(err);
    },
  });
}

async function fsyncFile(p: string): Promise<void> {
  const fh = await open(p, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Directories cannot be opened for fsync on Windows; the file fsyncs are what matter.
  }
}

async function checkSources(objects: ObjectInput[], sources: Map<string, string>): Promise<void> {
  const uris = new Set<string>();
  for (const o of objects) {
    const src = sources.get(o.id);
    if (!src)
      throw new PackageError(`La copie scellée du fichier « ${o.fileName} » est introuvable : versement impossible.`);
    let size: number;
    try {
      size = (await stat(src)).size;
    } catch {
      throw new PackageError(
        `La copie scellée du fichier « ${o.fileName} » est introuvable dans le coffre : versement impossible.`,
      );
    }
    if (size !== o.size)
      throw new PackageError(
        `La copie scellée du fichier « ${o.fileName} » n’a plus la taille enregistrée (${size} octets au lieu de ${o.size}).`,
      );
    if (uris.has(o.uri)) throw new PackageError(`Deux fichiers auraient le même chemin dans le paquet (${o.uri}).`);
    if (o.uri.startsWith('/') || o.uri.split('/').includes('..') || o.uri === 'manifest.xml')
      throw new PackageError(`Chemin interdit dans le paquet : ${o.uri}.`);
    uris.add(o.uri);
  }
}

async function writeTarGz(out: string, objects: ObjectInput[], sources: Map<string, string>): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip({ level: 1 }), createWriteStream(out));
  try {
    for (const o of objects) {
      const entry = pack.entry({
        name: o.uri,
        size: o.size,
        mtime: o.lastModified ? new Date(o.lastModified) : new Date(),
      });
      await pipeline(verifiedFileStream(sources.get(o.id) ?? '', o), entry);
    }
    pack.finalize();
  } catch (e) {
    pack.destroy(e instanceof Error ? e : new Error(String(e)));
    await done.catch(() => undefined);
    throw e;
  }
  await done;
}

async function writeZip(
  out: string,
  manifest: string,
  objects: ObjectInput[],
  sources: Map<string, string>,
): Promise<void> {
  const zip = new yazl.ZipFile();
  const output = createWriteStream(out);
  let failure: Error | undefined;
  const done = pipeline(zip.outputStream, output);
  zip.addBuffer(Buffer.from(manifest, 'utf8'), 'manifest.xml', { compress: true });
  for (const o of objects) {
    const s = verifiedFileStream(sources.get(o.id) ?? '', o);
    s.on('error', (e) => {
      failure ??= e;
      (zip.outputStream as unknown as Readable).destroy(e);
    });
    // Stored, not deflated: PDFs and images do not shrink, and storing is much faster.
    zip.addReadStream(s, o.uri, {
      size: o.size,
      compress: false,
      mtime: o.lastModified ? new Date(o.lastModified) : new Date(),
    });
  }
  zip.end();
  try {
    await done;
  } catch (e) {
    throw failure ?? e;
  }
  if (failure) throw failure;
}

/** Builds the package of a transfer in `stagingDir`; everything is on disk and fsynced. */
export async function buildPackage(
  input: TransferInput,
  sources: Map<string, string>,
  options: PackageOptions,
): Promise<PreparedTransfer> {
  const objects = allObjects(input.root);
  await checkSources(objects, sources);
  await mkdir(options.stagingDir, { recursive: true });
  const bordereau = buildArchiveTransfer(input, options.sedaVersion);
  const bordereauPath = path.join(options.stagingDir, 'bordereau.xml');
  const base: Omit<PreparedTransfer, 'totalBytes'> = {
    messageIdentifier: input.messageIdentifier,
    transferringAgency: input.transferringAgencyId,
    sedaVersion: options.sedaVersion,
    bordereauPath,
  };
  const outPath = path.join(options.stagingDir, options.target === 'asalae' ? 'archive.tar.gz' : 'sip.zip');
  try {
    await writeFile(bordereauPath, bordereau, 'utf8');
    await fsyncFile(bordereauPath);
    if (options.target === 'asalae') await writeTarGz(outPath, objects, sources);
    else await writeZip(outPath, bordereau, objects, sources);
    await fsyncFile(outPath);
    await fsyncDir(options.stagingDir);
  } catch (e) {
    await rm(outPath, { force: true });
    throw e;
  }
  const totalBytes = (await stat(outPath)).size;
  return options.target === 'asalae'
    ? { ...base, attachmentsPath: outPath, totalBytes }
    : { ...base, sipPath: outPath, totalBytes };
}

/**
 * MessageIdentifier, unique and stable in form: `SCEAU_<PREFIX>_<yyyymmdd>_<random>`
 * (prefix: e.g. the SIREN). Generated and stored before the first attempt.
 */
export function generateMessageIdentifier(profilePrefix: string, now: Date = new Date()): string {
  const prefix =
    profilePrefix
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'PROFIL';
  const d = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}${String(now.getUTCDate()).padStart(2, '0')}`;
  return `SCEAU_${prefix}_${d}_${randomBytes(6).toString('hex').toUpperCase()}`;
}
