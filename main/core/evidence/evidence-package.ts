// Evidence package for one document: a zip an auditor verifies offline with only
// sha256sum, openssl and xmllint (the commands are in LISEZMOI.txt and verifier.sh).
//
// Layout
//   document/<name>                     the byte-exact vault copy
//   empreinte.sha256                    sha256sum -c format
//   journal/entrees/<seq>.json          each journal entry, canonical JSON without its hash:
//                                       SHA-256 of the file IS the entry's hash
//   journal/chaine.sha256               sha256sum -c list of those hashes (anchor first)
//   journal/extrait.jsonl               the same entries with their hash, one per line
//   horodatage/tete-journal-<seq>.txt   exactly the stamped bytes: the 64 hex chars of the head hash
//   horodatage/jeton-<seq>.tsr          RFC 3161 token (DER ContentInfo, -token_in)
//   horodatage/autorite-<seq>.pem       the chain of the TSA that issued that token (kept with the
//                                       token: a TSA change never voids older evidence). Not a trust
//                                       anchor by itself: LISEZMOI and verifier.sh print its
//                                       fingerprint, and `verifier.sh --ca FILE` uses an outside one
//   horodatage/signataire-<seq>.pem     the certificate that signed the token
//   seda/bordereau.xml, accuse-reception.xml, reponse-transfert.xml
//   schemas/                            SEDA XSDs + catalog.xml for offline validation
//   LISEZMOI.txt, verifier.sh
import {
  createReadStream,
  createWriteStream,
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { canonicalJson } from '../seal/canonical-json';
import { journalHeadStampData } from '../seal/timestamp-queue';
import { entryHashedText, type JournalEntry } from '../seal/journal';
import { sha256 } from '../seal/timestamp';
import { parseTrustPem, tokenSignerPem, verifyTimestampToken, type TimestampToken } from '../seal/timestamp-verify';
import type { SedaVersion } from '../../contract/types';
import { fsyncDirSync } from '../seal/vault';
import { frenchDateTime, frenchSize } from './french-format';
import { lisezmoiText, verifierScript, type EvidenceTsaFacts } from './evidence-texts';

/** A journal entry as the package carries it: exactly the journal's own shape. */
export type EvidenceJournalEntry = JournalEntry;

export interface EvidenceToken {
  /** DER token (ContentInfo) of a journal-head stamp. */
  tokenDer: Buffer;
  /** Journal seq whose hash was stamped. */
  coversSeq: number;
  journalHeadHash: string;
  /** Chain of the TSA that issued this token (defaults to EvidenceInput.tsaCertPem). */
  trustPem?: string;
  /** Evidence-record chain: renewal k stamps the DER of element k-1 (0 = the token). */
  renewals?: Array<{ tokenDer: Buffer; trustPem: string }>;
}

export interface EvidenceInput {
  document: {
    id: string;
    /** Original file name, shown to the auditor. */
    name: string;
    sizeBytes: number;
    /** lowercase hex */
    sha256: string;
  };
  commune: string;
  /** Absolute path of the vault copy. */
  vaultPath: string;
  /**
   * Contiguous journal entries from the document's capture to its acceptance, and on to
   * the seq of every token below (the chain must reach each stamped head).
   */
  journalEntries: EvidenceJournalEntry[];
  /** The entry just before the slice (null when the slice starts at seq 1). */
  anchorEntry: EvidenceJournalEntry | null;
  timestampTokens: EvidenceToken[];
  /** The configured TSA trust PEM (its certificate and/or CA). */
  tsaCertPem: string;
  bordereauXml: string;
  ackXml?: string | null;
  atrXml?: string | null;
  sedaVersion: SedaVersion;
  messageIdentifier?: string;
  archiveReference?: string | null;
  /** The checkpoint file the transfer carried to the archive (sceau-point-de-controle.json). */
  checkpointJson?: Buffer | null;
  /** Demo archive + demo TSA: the package says « DÉMONSTRATION ». */
  demo?: boolean;
  /** The policy declares the TSA qualified (eIDAS). */
  qualified?: boolean;
  /** Defaults to now. */
  generatedAt?: string;
}

export interface EvidenceOptions {
  /** Folder with the SEDA XSDs per version (default assets/seda). */
  sedaSchemaDir?: string;
}

/** The package cannot be built from this input (French, for the user). */
export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
}

const GENESIS = '0'.repeat(64);
const DEFAULT_SEDA_DIR = fileURLToPath(new URL('../../../assets/seda/', import.meta.url));

/** A file name safe in a zip and in a sha256sum line, accents kept. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/[^\P{Cc}]/gu, '_')
    .replace(/^\.+/, '_')
    .trim();
  return cleaned.slice(0, 180) || 'document';
}

const seqName = (seq: number): string => String(seq).padStart(8, '0');

interface Checked {
  capture: EvidenceJournalEntry;
  verified: Map<number, TimestampToken>;
}

/** The document's sealing entry: its id, its fingerprint, state « sealed ». */
function captureEntry(input: EvidenceInput): EvidenceJournalEntry | undefined {
  return input.journalEntries.find((e) => {
    if (e.documentId !== input.document.id || !e.data || typeof e.data !== 'object') return false;
    const d = e.data as { to?: unknown; fingerprint?: { hex?: unknown } };
    return d.to === 'sealed' && typeof d.fingerprint?.hex === 'string';
  });
}

function checkInput(input: EvidenceInput): Checked {
  const entries = input.journalEntries;
  if (entries.length === 0)
    throw new EvidenceError(
      'Le paquet de preuve ne peut pas être produit : aucune entrée de journal pour ce document.',
    );
  let prev = input.anchorEntry;
  if (!prev && entries[0]!.seq !== 1) {
    throw new EvidenceError(
      'Le paquet de preuve ne peut pas être produit : l’entrée de journal qui précède l’extrait (ancre) est manquante.',
    );
  }
  for (const e of [...(input.anchorEntry ? [input.anchorEntry] : []), ...entries]) {
    if (sha256(entryHashedText(e)).toString('hex') !== e.hash) {
      throw new EvidenceError(
        `Le paquet de preuve ne peut pas être produit : l’entrée n° ${e.seq} du journal ne correspond plus à son empreinte.`,
      );
    }
  }
  for (const e of entries) {
    const expectedPrev = prev ? prev.hash : GENESIS;
    if ((prev && e.seq !== prev.seq + 1) || e.prevHash !== expectedPrev) {
      throw new EvidenceError(
        `Le paquet de preuve ne peut pas être produit : la chaîne du journal est rompue à l’entrée n° ${e.seq}.`,
      );
    }
    prev = e;
  }
  const capture = captureEntry(input);
  if (!capture) {
    throw new EvidenceError(
      'Le paquet de preuve ne peut pas être produit : l’extrait du journal ne contient pas le scellement de ce document.',
    );
  }
  const verified = new Map<number, TimestampToken>();
  for (const t of input.timestampTokens) {
    const covered = entries.find((e) => e.seq === t.coversSeq);
    if (!covered || covered.hash !== t.journalHeadHash) {
      throw new EvidenceError(
        `Le paquet de preuve ne peut pas être produit : le jeton d’horodatage de l’entrée n° ${t.coversSeq} n’est pas relié à l’extrait du journal.`,
      );
    }
    verified.set(
      t.coversSeq,
      verifyTimestampToken(
        t.tokenDer,
        { imprint: sha256(journalHeadStampData(t.journalHeadHash)) },
        // A token stamped a moment ago by a TSA whose clock is ahead of this computer's is sound.
        { trustPem: t.trustPem ?? input.tsaCertPem, maxFutureSkewMs: Number.POSITIVE_INFINITY },
      ),
    );
    let previous = t.tokenDer;
    for (const r of t.renewals ?? []) {
      verifyTimestampToken(
        r.tokenDer,
        { imprint: sha256(previous) },
        { trustPem: r.trustPem, maxFutureSkewMs: Number.POSITIVE_INFINITY },
      );
      previous = r.tokenDer;
    }
  }
  return { capture, verified };
}

function tsaFacts(seq: string, pem: string, token: TimestampToken): EvidenceTsaFacts {
  const cert: X509Certificate = parseTrustPem(pem)[0]!;
  return {
    seq,
    name: token.tsaName,
    fingerprint: cert.fingerprint256,
    subject: cert.subject.replace(/\n/g, ', '),
    genTime: frenchDateTime(token.genTime.toISOString()),
  };
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), h);
  return h.digest('hex');
}

/** Builds the zip and writes it durably to `outPath` (temp file, fsync, rename). */
export async function writeEvidencePackage(
  input: EvidenceInput,
  outPath: string,
  options: EvidenceOptions = {},
): Promise<void> {
  const checked = checkInput(input);
  const actual = await hashFile(input.vaultPath).catch(() => {
    throw new EvidenceError(
      'Le paquet de preuve ne peut pas être produit : la copie conservée du document est introuvable dans le coffre.',
    );
  });
  if (actual !== input.document.sha256) {
    throw new EvidenceError(
      'Le paquet de preuve ne peut pas être produit : la copie conservée du document ne correspond plus à son empreinte d’origine.',
    );
  }

  if ((checked.capture.data as { fingerprint: { hex: string } }).fingerprint.hex !== input.document.sha256) {
    throw new EvidenceError(
      `Le paquet de preuve ne peut pas être produit : l’empreinte du document diffère de celle de son scellement (entrée n° ${checked.capture.seq}).`,
    );
  }
  const generatedAt = input.generatedAt ?? new Date().toISOString();
  const mtime = new Date(generatedAt);
  const zip = new yazl.ZipFile();
  const add = (path: string, content: string | Buffer, mode = 0o644): void =>
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, `preuve/${path}`, {
      mtime,
      mode,
    });

  const docName = safeFileName(input.document.name);
  zip.addFile(input.vaultPath, `preuve/document/${docName}`, { mtime, mode: 0o644, compress: true });
  add('empreinte.sha256', `${input.document.sha256}  document/${docName}\n`);

  const all = [...(input.anchorEntry ? [input.anchorEntry] : []), ...input.journalEntries];
  for (const e of all) add(`journal/entrees/${seqName(e.seq)}.json`, entryHashedText(e));
  add('journal/chaine.sha256', all.map((e) => `${e.hash}  entrees/${seqName(e.seq)}.json\n`).join(''));
  add('journal/extrait.jsonl', all.map((e) => `${canonicalJson({ ...e })}\n`).join(''));

  const tokens = [...input.timestampTokens].sort((a, b) => a.coversSeq - b.coversSeq);
  const tokenFacts: EvidenceTsaFacts[] = [];
  for (const t of tokens) {
    const n = seqName(t.coversSeq);
    const pem = t.trustPem ?? input.tsaCertPem;
    add(`horodatage/autorite-${n}.pem`, pem.endsWith('\n') ? pem : `${pem}\n`);
    tokenFacts.push(tsaFacts(n, pem, checked.verified.get(t.coversSeq)!));
    add(`horodatage/tete-journal-${n}.txt`, journalHeadStampData(t.journalHeadHash));
    add(`horodatage/jeton-${n}.tsr`, t.tokenDer);
    add(`horodatage/signataire-${n}.pem`, tokenSignerPem(t.tokenDer));
    for (const [k, r] of (t.renewals ?? []).entries()) {
      const base = `horodatage/renouvellement-${n}-${k + 1}`;
      add(`${base}.tsr`, r.tokenDer);
      add(`${base}-autorite.pem`, r.trustPem.endsWith('\n') ? r.trustPem : `${r.trustPem}\n`);
      add(`${base}-signataire.pem`, tokenSignerPem(r.tokenDer));
    }
  }

  add('seda/bordereau.xml', input.bordereauXml);
  if (input.ackXml) add('seda/accuse-reception.xml', input.ackXml);
  if (input.atrXml) add('seda/reponse-transfert.xml', input.atrXml);
  if (input.checkpointJson) add('seda/point-de-controle.json', input.checkpointJson);
  const schemaDir = join(options.sedaSchemaDir ?? DEFAULT_SEDA_DIR, input.sedaVersion);
  let schemaFiles: string[];
  try {
    schemaFiles = readdirSync(schemaDir).filter((f) => f.endsWith('.xsd') || f === 'catalog.xml');
  } catch {
    throw new EvidenceError(
      `Le paquet de preuve ne peut pas être produit : les schémas SEDA ${input.sedaVersion} sont introuvables.`,
    );
  }
  for (const f of schemaFiles) zip.addFile(join(schemaDir, f), `preuve/schemas/${f}`, { mtime, mode: 0o644 });

  const facts = {
    commune: input.commune,
    documentName: docName,
    documentSize: frenchSize(input.document.sizeBytes),
    sha256: input.document.sha256,
    firstSeq: input.journalEntries[0]!.seq,
    lastSeq: input.journalEntries.at(-1)!.seq,
    anchorSeq: input.anchorEntry?.seq ?? null,
    captureSeq: checked.capture.seq,
    captureAt: frenchDateTime(checked.capture.at),
    tokens: tokenFacts,
    archiveReference: input.archiveReference ?? null,
    demo: input.demo === true,
    qualified: input.qualified === true,
    sedaVersion: input.sedaVersion,
    hasAck: Boolean(input.ackXml),
    hasAtr: Boolean(input.atrXml),
    messageIdentifier: input.messageIdentifier ?? null,
    generatedAt: frenchDateTime(generatedAt),
  };
  add('LISEZMOI.txt', lisezmoiText(facts));
  add('verifier.sh', verifierScript(), 0o755);
  zip.end();

  const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp));
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, outPath);
    fsyncDirSync(dirname(outPath));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
