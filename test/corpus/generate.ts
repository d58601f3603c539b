// The bad-input corpus, made at test time under test/corpus/generated/ (git-ignored): odd
// names, empty and oversized (sparse) files, special files, symlink traps, a deep tree.
// Nothing large is ever written for real: the 150 MB+ file is sparse (a hole, no blocks).
//
//   node test/corpus/generate.ts [dir]     (re)makes the corpus and prints its inventory
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
  ftruncateSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pdf } from '../tools/pdf';

export { pdf };

export const GENERATED_ROOT = path.join(import.meta.dirname, 'generated');

/** A fresh folder under test/corpus/generated/. */
export function corpusDir(prefix: string): string {
  mkdirSync(GENERATED_ROOT, { recursive: true });
  return mkdtempSync(path.join(GENERATED_ROOT, `${prefix}-`));
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(p: string): string {
  return sha256(readFileSync(p));
}

export function write(dir: string, name: string, content: Buffer | string): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** A sparse file of `size` bytes (all zeros, no disk blocks) — e.g. 151 MiB in no space. */
export function sparse(p: string, size: number): string {
  mkdirSync(path.dirname(p), { recursive: true });
  const fd = openSync(p, 'w');
  try {
    // A real PDF header, so the format is what the name says; the rest is a hole.
    writeSync(fd, pdf('gros fichier'));
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return p;
}

/** A name of exactly `bytes` UTF-8 bytes (ext4 allows 255), accents included, ending in .pdf. */
export function nameOfBytes(bytes: number, prefix = 'AR_2024_090_'): string {
  const suffix = '.pdf';
  let body = prefix;
  while (Buffer.byteLength(body + 'é' + suffix) <= bytes) body += 'é';
  while (Buffer.byteLength(body + suffix) < bytes) body += 'x';
  const name = body + suffix;
  if (Buffer.byteLength(name) !== bytes) throw new Error(`nameOfBytes: ${Buffer.byteLength(name)} ≠ ${bytes}`);
  return name;
}

/** Hostile or merely odd file names, each a valid small PDF with its own content. */
export const ODD_NAMES = {
  nfd: 'De\u0301libe\u0301ration du conseil municipal.pdf',
  emoji: 'Arrêté 📄🎉 fête de la musique.pdf',
  long255: nameOfBytes(255),
  windowsReserved: 'CON.pdf',
  windowsReservedAux: 'aux',
  trailingDot: 'rapport annuel.',
  trailingSpace: 'rapport annuel.pdf ',
  backslashTraversal: 'pièce\\..\\..\\Windows\\evil.pdf',
  newline: 'facture\nmalveillante.pdf',
  escape: 'note \u001b[31mrouge\u001b[0m.pdf',
  leadingDash: '-rf --no-preserve-root.pdf',
  percent: '%2e%2e%2f%2e%2e%2fpasswd.pdf',
  quotes: `l'acte "final" <v2> & co.pdf`,
  latin1ish: 'Ã©tÃ© mal encodé.pdf',
} as const;
export type OddName = keyof typeof ODD_NAMES;

/** A tree `levels` deep whose full path stays under Linux's PATH_MAX (4096). */
export function deepFile(dir: string, levels: number, name = 'acte profond.pdf'): string {
  const parts: string[] = [];
  for (let i = 0; i < levels; i++) parts.push(`niveau-${String(i).padStart(2, '0')}-sous-dossier-des-archives`);
  const p = path.join(dir, ...parts, name);
  if (Buffer.byteLength(p) >= 4000) throw new Error(`deepFile: ${Buffer.byteLength(p)} bytes is too close to PATH_MAX`);
  return write(path.dirname(p), name, pdf(`profond ${levels}`));
}

export function fifo(p: string): string {
  mkdirSync(path.dirname(p), { recursive: true });
  const r = spawnSync('mkfifo', [p]);
  if (r.status !== 0) throw new Error(`mkfifo: ${r.stderr.toString()}`);
  return p;
}

/** A listening Unix socket at `p` (close the server when done). */
export async function unixSocket(p: string): Promise<net.Server> {
  mkdirSync(path.dirname(p), { recursive: true });
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, () => resolve());
  });
  return server;
}

/**
 * Symlink traps in `dir`: a two-link loop, a directory loop (sub/back → ..), a link to a
 * file outside the folder and a link to a whole folder outside it. `outside` receives the
 * targets (a "secret" that must never reach the archive).
 */
export function symlinkTraps(
  dir: string,
  outside: string,
): { loopA: string; loopB: string; dirLoop: string; escapeFile: string; escapeDir: string; secret: string } {
  mkdirSync(path.join(dir, 'sous-dossier'), { recursive: true });
  const secret = write(outside, 'secret-hors-dossier.pdf', pdf(`secret ${outside}`));
  write(outside, 'dossier-externe/autre-secret.pdf', pdf(`autre secret ${outside}`));
  const loopA = path.join(dir, 'boucle-a.pdf');
  const loopB = path.join(dir, 'boucle-b.pdf');
  symlinkSync('boucle-b.pdf', loopA);
  symlinkSync('boucle-a.pdf', loopB);
  const dirLoop = path.join(dir, 'sous-dossier', 'retour');
  symlinkSync('..', dirLoop);
  const escapeFile = path.join(dir, 'lien-vers-secret.pdf');
  symlinkSync(secret, escapeFile);
  const escapeDir = path.join(dir, 'lien-vers-dossier-externe');
  symlinkSync(path.join(outside, 'dossier-externe'), escapeDir);
  return { loopA, loopB, dirLoop, escapeFile, escapeDir, secret };
}

/**
 * Another process that holds `p` open for writing and appends a chunk every `everyMs` for
 * `forMs`, then closes it — the Linux face of "a file still locked by the program writing
 * it" (Linux has no mandatory share locks: see README.md). Resolves with the process;
 * `done` resolves when it has exited, with the final content's SHA-256 and size.
 */
export function grower(
  p: string,
  options: { forMs: number; everyMs: number; chunk: number },
): { proc: ChildProcess; done: Promise<{ sha256: string; size: number }> } {
  mkdirSync(path.dirname(p), { recursive: true });
  const script = `
    const fs = require('node:fs');
    const [p, forMs, everyMs, chunk] = [process.argv[1], +process.argv[2], +process.argv[3], +process.argv[4]];
    const fd = fs.openSync(p, 'w');
    fs.writeSync(fd, '%PDF-1.7\\n% en cours d\\'ecriture\\n');
    const end = Date.now() + forMs;
    let i = 0;
    const t = setInterval(() => {
      fs.writeSync(fd, Buffer.alloc(chunk, 48 + (i++ % 10)));
      if (Date.now() >= end) { clearInterval(t); fs.writeSync(fd, '%%EOF\\n'); fs.fsyncSync(fd); fs.closeSync(fd); process.exit(0); }
    }, everyMs);
    process.send && process.send('started');
  `;
  const proc = spawn(
    process.execPath,
    ['-e', script, p, String(options.forMs), String(options.everyMs), String(options.chunk)],
    { stdio: 'ignore' },
  );
  const done = new Promise<{ sha256: string; size: number }>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`grower exited ${code}`));
      const data = readFileSync(p);
      resolve({ sha256: sha256(data), size: data.length });
    });
  });
  return { proc, done };
}

/** Waits until `p` exists and is at least `bytes` long. */
export async function waitForSize(p: string, bytes: number, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (readFileSync(p).length >= bytes) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`waitForSize: ${p} never reached ${bytes} bytes`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The whole static corpus in `dir` (inventory for humans and for `node generate.ts`). */
export function generateStaticCorpus(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, name] of Object.entries(ODD_NAMES))
    out[`name:${k}`] = write(dir, path.join('noms', name), pdf(`nom ${k}`));
  out.empty = write(dir, 'DE_2024_001_vide.pdf', Buffer.alloc(0));
  out.oversized = sparse(path.join(dir, 'DE_2024_002_trop gros.pdf'), 151 * 1024 * 1024);
  out.deep = deepFile(path.join(dir, 'profond'), 40);
  out.fifo = fifo(path.join(dir, 'speciaux', 'tube.pdf'));
  out.officeLock = write(dir, '~$budget.docx', 'verrou');
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const target = process.argv[2] ? path.resolve(process.argv[2]) : corpusDir('manual');
  if (existsSync(target) && process.argv[2]) rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const inventory = generateStaticCorpus(target);
  for (const [k, v] of Object.entries(inventory)) console.log(`${k.padEnd(28)} ${JSON.stringify(v)}`);
}
