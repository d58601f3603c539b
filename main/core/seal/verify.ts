// Walks the journal chain and re-hashes every vault copy; reports the first broken link.
import type { Db } from '../store/db';
import type { DigestAlgorithm } from '../../contract/types';
import { fingerprintFile } from './fingerprint';
import { GENESIS_HASH, computeEntryHash, entryFromRow, type JournalRow } from './journal';
import { vaultAbsolutePath } from './vault';

export type JournalProblem =
  | 'altered' // the entry's content no longer matches its hash
  | 'gap' // an entry is missing (sequence hole)
  | 'reordered' // a genuine entry sits at the wrong place
  | 'broken_link' // the entry does not point to the previous one
  | 'truncated' // entries are missing at the end (expected head not found)
  | 'vault_altered'
  | 'vault_missing'
  | 'record_mismatch'; // the documents table disagrees with the journal

export type VerifyResult =
  | { ok: true; entries: number; documents: number; message: string }
  | { ok: false; seq: number; problem: JournalProblem; documentId?: string; message: string; entries: number };

export interface VerifyOptions {
  /** Re-hash vault copies (default true). */
  checkVault?: boolean;
  /** Last head known from elsewhere (e.g. a timestamped anchor): detects a cut tail. */
  expectedHead?: { seq: number; hash: string };
  onProgress?: (done: number, total: number) => void;
}

interface SealFacts {
  seq: number;
  algorithm: DigestAlgorithm;
  hex: string;
  vaultPath: string;
}

function sealFactsOf(data: unknown): Omit<SealFacts, 'seq'> | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const fp = d.fingerprint as { algorithm?: unknown; hex?: unknown } | undefined;
  if (!fp || typeof fp.hex !== 'string' || typeof d.vaultPath !== 'string') return null;
  return { algorithm: fp.algorithm === 'sha512' ? 'sha512' : 'sha256', hex: fp.hex, vaultPath: d.vaultPath };
}

export async function verifyJournal(db: Db, vaultDir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const rows = db.prepare('SELECT * FROM journal ORDER BY seq').iterate() as IterableIterator<JournalRow>;
  const seenHashes = new Map<string, number>();
  const seals = new Map<string, SealFacts>();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    count++;
    const entry = entryFromRow(row);
    // Raw stored text must be the canonical form of its value, else it was edited by hand.
    const selfOk = computeEntryHash(entry) === row.hash;
    if (row.seq !== expectedSeq) {
      if (row.seq > expectedSeq && selfOk && row.prev_hash !== prevHash) {
        return fail(
          expectedSeq,
          'gap',
          `Entrée n° ${expectedSeq} du journal manquante (le journal passe de ${expectedSeq - 1} à ${row.seq}).`,
        );
      }
      return fail(
        row.seq,
        'reordered',
        `Le journal n’est plus dans l’ordre : entrée n° ${row.seq} trouvée à la place de n° ${expectedSeq}.`,
      );
    }
    if (!selfOk) {
      // A genuine entry moved here keeps its hash, which was computed for another seq.
      const origin = findOriginalSeq(entry, row.hash);
      if (origin !== null) {
        return fail(
          row.seq,
          'reordered',
          `Le journal a été réordonné : l’entrée n° ${row.seq} était à l’origine l’entrée n° ${origin}.`,
        );
      }
      return fail(
        row.seq,
        'altered',
        `L’entrée n° ${row.seq} du journal a été modifiée après coup (son empreinte ne correspond plus).`,
        entry.documentId ?? undefined,
      );
    }
    if (row.prev_hash !== prevHash) {
      return fail(
        row.seq,
        'broken_link',
        `Le chaînage du journal est rompu à l’entrée n° ${row.seq} : elle ne désigne pas l’entrée précédente.`,
      );
    }
    seenHashes.set(row.hash, row.seq);
    if (entry.documentId) {
      const facts = sealFactsOf(entry.data);
      if (facts && !seals.has(entry.documentId)) seals.set(entry.documentId, { seq: row.seq, ...facts });
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  if (options.expectedHead) {
    const { seq, hash } = options.expectedHead;
    if (seq > count || !seenHashes.has(hash) || seenHashes.get(hash) !== seq) {
      return fail(
        Math.min(seq, count + 1),
        'truncated',
        `Des entrées manquent à la fin du journal (dernière entrée attendue : n° ${seq}).`,
      );
    }
  }

  // Documents table vs journal, then every vault copy against the fingerprint the journal recorded.
  const docs = db
    .prepare('SELECT id, fingerprint_alg, fingerprint_hex, vault_path FROM documents ORDER BY rowid')
    .all() as Array<{
    id: string;
    fingerprint_alg: DigestAlgorithm;
    fingerprint_hex: string;
    vault_path: string;
  }>;
  const ordered = docs
    .map((d) => ({ d, facts: seals.get(d.id) }))
    .sort((a, b) => (a.facts?.seq ?? Infinity) - (b.facts?.seq ?? Infinity));
  let done = 0;
  for (const { d, facts } of ordered) {
    if (!facts) {
      return fail(
        count + 1,
        'record_mismatch',
        `Le document ${d.id} n’a pas d’entrée de scellement dans le journal.`,
        d.id,
      );
    }
    if (facts.hex !== d.fingerprint_hex || facts.algorithm !== d.fingerprint_alg || facts.vaultPath !== d.vault_path) {
      return fail(
        facts.seq,
        'record_mismatch',
        `L’empreinte du document ${d.id} en base ne correspond plus à celle du journal (entrée n° ${facts.seq}).`,
        d.id,
      );
    }
    if (options.checkVault !== false) {
      let actual: string;
      try {
        actual = (await fingerprintFile(vaultAbsolutePath(vaultDir, facts.vaultPath), facts.algorithm)).hex;
      } catch {
        return fail(
          facts.seq,
          'vault_missing',
          `La copie scellée du document ${d.id} est introuvable dans le coffre (entrée n° ${facts.seq}).`,
          d.id,
        );
      }
      if (actual !== facts.hex) {
        return fail(
          facts.seq,
          'vault_altered',
          `La copie scellée du document ${d.id} a été modifiée : son empreinte ne correspond plus (entrée n° ${facts.seq}).`,
          d.id,
        );
      }
    }
    options.onProgress?.(++done, docs.length);
  }
  return {
    ok: true,
    entries: count,
    documents: docs.length,
    message: `Journal intègre : ${count} entrées vérifiées, ${docs.length} copies scellées conformes.`,
  };

  function fail(seq: number, problem: JournalProblem, message: string, documentId?: string): VerifyResult {
    return { ok: false, seq, problem, message, entries: count, ...(documentId ? { documentId } : {}) };
  }

  function findOriginalSeq(entry: ReturnType<typeof entryFromRow>, hash: string): number | null {
    for (let delta = 1; delta <= 1000; delta++) {
      for (const seq of [entry.seq - delta, entry.seq + delta]) {
        if (seq >= 1 && computeEntryHash({ ...entry, seq }) === hash) return seq;
      }
    }
    return null;
  }
}
