// Checkpoints that cannot vanish silently. Every granted journal-head token is remembered in
// three places: its row in `timestamps`, a `timestamp.granted` journal entry, and a line of
// points-de-controle.jsonl next to the database (plus a copy sent to the archive with each
// transfer). A journal edited then rechained, a deleted token row or a cut tail no longer
// matches one of them; the covered hashes of the failing checkpoint name the edited entry.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { fsyncDirSync } from './vault';
import { dirname } from 'node:path';

export const CHECKPOINT_FILE = 'points-de-controle.jsonl';

export interface Checkpoint {
  /** Journal seq of the stamped head. */
  seq: number;
  hash: string;
  tokenSha256: string;
  genTime: string;
  tsaName: string | null;
  coveredFromSeq: number | null;
  coveredHashes: string[];
}

/** A token the journal itself recorded (entry `timestamp.granted` at entrySeq). */
export interface RecordedGrant {
  entrySeq: number;
  coversSeq: number;
  headHash: string;
  tokenSha256: string;
  genTime: string;
}

export interface CheckpointInput {
  /** Current hash of the journal entry at seq, or null when there is none. */
  hashAt: (seq: number) => string | null;
  /** Highest seq in the journal (0 when empty). */
  journalEnd: number;
  /** Granted head tokens still in the database. */
  tokens: Checkpoint[];
  /** `timestamp.granted` entries found in the journal. */
  recorded: RecordedGrant[];
  /** Lines of the checkpoint file; null when the file is missing. */
  file: Checkpoint[] | null;
}

export interface CheckpointReport {
  ok: boolean;
  problems: Array<{ seq: number; message: string }>;
  /** The newest checkpoint whose head still matches and whose token is still there. */
  lastGood: { seq: number; genTime: string } | null;
  checked: number;
}

const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Paris' });
const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d);
};

export function readCheckpoints(file: string): Checkpoint[] | null {
  if (!existsSync(file)) return null;
  const out: Checkpoint[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as Partial<Checkpoint>;
      if (typeof c.seq === 'number' && typeof c.hash === 'string' && typeof c.tokenSha256 === 'string') {
        out.push({
          seq: c.seq,
          hash: c.hash,
          tokenSha256: c.tokenSha256,
          genTime: typeof c.genTime === 'string' ? c.genTime : '',
          tsaName: typeof c.tsaName === 'string' ? c.tsaName : null,
          coveredFromSeq: typeof c.coveredFromSeq === 'number' ? c.coveredFromSeq : null,
          coveredHashes: Array.isArray(c.coveredHashes) ? c.coveredHashes.filter((h) => typeof h === 'string') : [],
        });
      }
    } catch {
      // A torn last line (crash while appending) is ignored; the row and the journal still hold.
    }
  }
  return out;
}

/**
 * Appends durably (fsync of the file, and of the folder when the file is new). Every byte or an
 * error (a full disk writes a line in part: the caller appends it again), on a line of its own
 * (after a line torn by a crash or a full disk, the next one starts afresh).
 */
export function appendCheckpoints(file: string, checkpoints: Checkpoint[], create = false): void {
  if (checkpoints.length === 0 && !create) return;
  const created = !existsSync(file);
  const fd = openSync(file, 'a+');
  try {
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    const text = Buffer.from((torn ? '\n' : '') + checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
    for (let off = 0; off < text.length;) off += writeSync(fd, text, off, text.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDirSync(dirname(file));
}

/** The first entry whose hash differs from what the checkpoint covered (the edited one). */
function editedEntry(c: Checkpoint, hashAt: (seq: number) => string | null): number | null {
  if (c.coveredFromSeq === null) return null;
  for (let i = 0; i < c.coveredHashes.length; i++) {
    const seq = c.coveredFromSeq + i;
    if (hashAt(seq) !== c.coveredHashes[i]) return seq;
  }
  return null;
}

export function checkCheckpoints(input: CheckpointInput): CheckpointReport {
  const problems: CheckpointReport['problems'] = [];
  const bySeq = new Map<number, Checkpoint>();
  // The richest record of each checkpoint: the file's line or the row (both carry covered hashes).
  for (const c of [...(input.file ?? []), ...input.tokens]) {
    const known = bySeq.get(c.seq);
    if (!known || known.coveredHashes.length < c.coveredHashes.length) bySeq.set(c.seq, c);
  }
  for (const r of input.recorded) {
    if (!bySeq.has(r.coversSeq)) {
      bySeq.set(r.coversSeq, {
        seq: r.coversSeq,
        hash: r.headHash,
        tokenSha256: r.tokenSha256,
        genTime: r.genTime,
        tsaName: null,
        coveredFromSeq: null,
        coveredHashes: [],
      });
    }
  }
  const tokenHashes = new Set(input.tokens.map((t) => t.tokenSha256));
  const recordedAt = new Map(input.recorded.map((r) => [r.tokenSha256, r.entrySeq]));
  let lastGood: CheckpointReport['lastGood'] = null;
  let headProblem = false;

  if (input.file === null && input.recorded.length > 0) {
    problems.push({
      seq: input.recorded[0]!.coversSeq,
      message: `Le registre des points de contrôle (${CHECKPOINT_FILE}) a disparu alors que le journal consigne ${input.recorded.length} jeton(s) d’horodatage.`,
    });
  }

  for (const c of [...bySeq.values()].sort((a, b) => a.seq - b.seq)) {
    let good = true;
    const current = input.hashAt(c.seq);
    if (!headProblem && current === null) {
      problems.push({
        seq: input.journalEnd + 1,
        message:
          input.journalEnd + 1 === c.seq
            ? `L’entrée n° ${c.seq} a été supprimée de la fin du journal : un jeton d’horodatage du ${when(c.genTime)} la couvre.`
            : `Les entrées n° ${input.journalEnd + 1} à ${c.seq} ont été supprimées de la fin du journal : un jeton d’horodatage du ${when(c.genTime)} couvre l’entrée n° ${c.seq}.`,
      });
      headProblem = true;
      good = false;
    } else if (!headProblem && current !== c.hash) {
      const edited = editedEntry(c, input.hashAt);
      problems.push({
        seq: edited ?? c.seq,
        message:
          edited !== null
            ? `L’entrée n° ${edited} du journal a été modifiée, retirée ou déplacée puis le journal a été rechaîné : elle ne correspond plus à l’état horodaté le ${when(c.genTime)} (jeton couvrant l’entrée n° ${c.seq}).`
            : `Le journal a été modifié puis rechaîné avant l’entrée n° ${c.seq} : elle ne correspond plus à l’état horodaté le ${when(c.genTime)}.`,
      });
      headProblem = true;
      good = false;
    } else if (headProblem) {
      good = false;
    }
    if (!tokenHashes.has(c.tokenSha256)) {
      const at = recordedAt.get(c.tokenSha256);
      problems.push({
        seq: c.seq,
        message: `Le jeton d’horodatage couvrant l’entrée n° ${c.seq} (obtenu le ${when(c.genTime)}${at ? `, consigné à l’entrée n° ${at}` : ''}) a disparu de la base.`,
      });
      good = false;
    }
    if (good && !headProblem) lastGood = { seq: c.seq, genTime: c.genTime };
  }
  return { ok: problems.length === 0, problems, lastGood, checked: bySeq.size };
}

/** The sentence naming the last checkpoint that still holds. */
export function lastGoodSentence(r: CheckpointReport): string {
  return r.lastGood
    ? `Dernier point de contrôle intact : entrée n° ${r.lastGood.seq}, horodatée le ${when(r.lastGood.genTime)}.`
    : 'Aucun point de contrôle horodaté ne tient encore.';
}
