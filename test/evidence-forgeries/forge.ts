// A forger's toolbox, working on an unzipped evidence package: rewrite journal entries with
// a recomputed chain, fetch fresh tokens, swap files. Everything a forger can do without the
// TSA's private key.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../main/core/seal/canonical-json';
import { computeEntryHash, entryHashedText, type JournalEntry } from '../../main/core/seal/journal';
import { requestTimestamp, sha256 } from '../../main/core/seal/timestamp';
import { tokenSignerPem } from '../../main/core/seal/timestamp-verify';

export const seqName = (seq: number): string => String(seq).padStart(8, '0');

export function copyPackage(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

export function readEntries(root: string): JournalEntry[] {
  return readFileSync(join(root, 'journal', 'extrait.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEntry);
}

/**
 * Writes `entries` as the package's journal, recomputing every hash and link from the
 * first entry (the anchor keeps its prevHash): what a forger does after an edit.
 */
export function writeEntries(root: string, entries: Array<Omit<JournalEntry, 'hash'>>, rechain = true): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const [i, e] of entries.entries()) {
    const prevHash = rechain && i > 0 ? out[i - 1]!.hash : e.prevHash;
    const next = { ...e, prevHash };
    out.push({ ...next, hash: computeEntryHash(next) });
  }
  const dir = join(root, 'journal', 'entrees');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const e of out) writeFileSync(join(dir, `${seqName(e.seq)}.json`), entryHashedText(e));
  writeFileSync(
    join(root, 'journal', 'chaine.sha256'),
    out.map((e) => `${e.hash}  entrees/${seqName(e.seq)}.json\n`).join(''),
  );
  writeFileSync(join(root, 'journal', 'extrait.jsonl'), out.map((e) => `${canonicalJson({ ...e })}\n`).join(''));
  return out;
}

export function tokenSeqs(root: string): number[] {
  return readdirSync(join(root, 'horodatage'))
    .map((f) => /^jeton-(\d+)\.tsr$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .map(Number)
    .sort((a, b) => a - b);
}

export function removeTokens(root: string, seqs: number[] = tokenSeqs(root)): void {
  for (const seq of seqs) {
    for (const f of [
      `jeton-${seqName(seq)}.tsr`,
      `tete-journal-${seqName(seq)}.txt`,
      `signataire-${seqName(seq)}.pem`,
    ]) {
      rmSync(join(root, 'horodatage', f), { force: true });
    }
    rmSync(join(root, 'horodatage', `autorite-${seqName(seq)}.pem`), { force: true });
  }
}

/** A fresh, genuine token over the head `entry` from a TSA the forger can reach. */
export async function stampHead(
  root: string,
  entry: JournalEntry,
  tsa: { url: string; trustPem: string },
  options: { writeAuthority?: boolean } = {},
): Promise<void> {
  const data = Buffer.from(entry.hash, 'ascii');
  const token = await requestTimestamp(sha256(data), tsa);
  const n = seqName(entry.seq);
  writeFileSync(join(root, 'horodatage', `tete-journal-${n}.txt`), data);
  writeFileSync(join(root, 'horodatage', `jeton-${n}.tsr`), token.tokenDer);
  writeFileSync(join(root, 'horodatage', `signataire-${n}.pem`), tokenSignerPem(token.tokenDer));
  if (options.writeAuthority !== false) writeFileSync(join(root, 'horodatage', `autorite-${n}.pem`), tsa.trustPem);
}

/** Replaces the document (and empreinte.sha256) by other bytes; returns the new SHA-256. */
export function replaceDocument(root: string, bytes: Buffer): string {
  const [name] = readdirSync(join(root, 'document'));
  writeFileSync(join(root, 'document', name!), bytes);
  const hex = sha256(bytes).toString('hex');
  writeFileSync(join(root, 'empreinte.sha256'), `${hex}  document/${name!}\n`);
  return hex;
}

export function editFile(path: string, edit: (s: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`forgery did not change ${path}`);
  writeFileSync(path, after);
}

let auditorBin: string | null = null;

/** verifier.sh with ONLY sha256sum, openssl, xmllint and unzip on PATH (bash runs the script). */
export function runVerifier(
  root: string,
  args: string[] = [],
  binDir?: string,
): { status: number | null; out: string } {
  if (!auditorBin) {
    auditorBin = binDir ?? join(root, '..', 'auditor-bin');
    mkdirSync(auditorBin, { recursive: true });
    for (const tool of ['sha256sum', 'openssl', 'xmllint', 'unzip']) {
      const which = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (!which) throw new Error(`${tool} missing`);
      spawnSync('ln', ['-sf', which, join(auditorBin, tool)]);
    }
  }
  const r = spawnSync('/bin/bash', [join(root, 'verifier.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: auditorBin, LANG: 'C.UTF-8' },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}
