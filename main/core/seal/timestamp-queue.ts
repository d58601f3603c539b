// Offline-safe timestamping. Stamps are queued in SQLite (table `timestamps`) and sent when
// the TSA is reachable, with exponential backoff. One token on the journal HEAD covers
// every entry up to that seq, because each entry's hash chains all the earlier ones.
//
// What is stamped for a journal head: the 64 ASCII characters of the head hash (lowercase
// hex, no newline). The TSA imprint is SHA-256 of those bytes, so an auditor verifies with
// `openssl ts -verify -data tete-journal.txt` on a file holding exactly that text.
import type Database from 'better-sqlite3';
import { Journal } from './journal';
import { requestTimestamp, sha256, type TimestampDeps, type TsaConfig } from './timestamp';
import { TimestampError } from './timestamp-verify';

type Db = Database.Database;

export type TimestampKind = 'journal-head' | 'document';
export type TimestampState = 'pending' | 'granted' | 'failed';

export interface StoredTimestamp {
  id: number;
  kind: TimestampKind;
  subjectSeq: number | null;
  subjectHash: string | null;
  documentId: string | null;
  imprintHex: string;
  state: TimestampState;
  tokenDer: Buffer | null;
  genTime: string | null;
  serial: string | null;
  policy: string | null;
  tsaName: string | null;
  tsaUrl: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  /** PEM chain of the TSA that issued the token (kept: a TSA change never voids old tokens). */
  trustPem: string | null;
  /** First seq of coveredHashes. */
  coveredFromSeq: number | null;
  /** Hashes of the entries coveredFromSeq..subjectSeq at grant time (locates a rechained entry). */
  coveredHashes: string[];
}

/** Journal entry type recorded when a head token is granted: a checkpoint the chain itself keeps. */
export const TOKEN_GRANTED = 'timestamp.granted';
/** At most this many covered hashes are kept per token. */
const MAX_COVERED = 10_000;

export interface ProcessResult {
  granted: number;
  retrying: number;
  failed: number;
  /** French message of the last error, if any. */
  lastError: string | null;
}

export interface TimestampServiceOptions extends TimestampDeps {
  db: Db;
  tsa: TsaConfig;
  /** First retry delay (default 30 s), doubled per attempt up to maxDelayMs (default 1 h). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Errors that are not network errors (refusal, invalid token) give up after this many attempts. */
  maxHardAttempts?: number;
  /** Append a `timestamp.granted` journal entry for each head token (the app does). */
  journalGrants?: boolean;
}

/** Exactly the bytes stamped for a journal head (see file comment). */
export function journalHeadStampData(headHashHex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(headHashHex))
    throw new TimestampError('config', 'L’empreinte de tête du journal est mal formée.');
  return Buffer.from(headHashHex, 'ascii');
}

interface Row {
  id: number;
  kind: TimestampKind;
  subject_seq: number | null;
  subject_hash: string | null;
  document_id: string | null;
  imprint_hex: string;
  state: TimestampState;
  token: Buffer | null;
  gen_time: string | null;
  serial: string | null;
  policy: string | null;
  tsa_name: string | null;
  tsa_url: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  trust_pem: string | null;
  covered_from_seq: number | null;
  covered_hashes: string | null;
}

function fromRow(r: Row): StoredTimestamp {
  return {
    id: r.id,
    kind: r.kind,
    subjectSeq: r.subject_seq,
    subjectHash: r.subject_hash,
    documentId: r.document_id,
    imprintHex: r.imprint_hex,
    state: r.state,
    tokenDer: r.token,
    genTime: r.gen_time,
    serial: r.serial,
    policy: r.policy,
    tsaName: r.tsa_name,
    tsaUrl: r.tsa_url,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    trustPem: r.trust_pem,
    coveredFromSeq: r.covered_from_seq,
    coveredHashes: r.covered_hashes ? r.covered_hashes.split(',') : [],
  };
}

export class TimestampService {
  private readonly db: Db;
  private readonly now: () => Date;
  private running: Promise<ProcessResult> | null = null;

  constructor(private readonly options: TimestampServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Queues a stamp of the current journal head. While a head stamp is still pending, it is
   * moved forward to the new head instead of adding another request (the newer head covers
   * more). Returns null when the journal is empty.
   */
  requestHeadStamp(): StoredTimestamp | null {
    return this.db
      .transaction((): StoredTimestamp | null => {
        const head = this.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        if (!head) return null;
        const imprint = sha256(journalHeadStampData(head.hash)).toString('hex');
        const covered = this.db
          .prepare(
            "SELECT * FROM timestamps WHERE kind = 'journal-head' AND state IN ('pending','granted') AND subject_seq = ?",
          )
          .get(head.seq) as Row | undefined;
        if (covered) return fromRow(covered);
        const pending = this.db
          .prepare(
            "SELECT id FROM timestamps WHERE kind = 'journal-head' AND state = 'pending' ORDER BY id DESC LIMIT 1",
          )
          .get() as { id: number } | undefined;
        if (pending) {
          this.db
            .prepare(
              'UPDATE timestamps SET subject_seq = ?, subject_hash = ?, imprint_hex = ?, tsa_url = ? WHERE id = ?',
            )
            .run(head.seq, head.hash, imprint, this.options.tsa.url, pending.id);
          return this.get(pending.id);
        }
        const at = this.now().toISOString();
        const info = this.db
          .prepare(
            `INSERT INTO timestamps (kind, subject_seq, subject_hash, imprint_hex, state, tsa_url, attempts, next_attempt_at, created_at)
           VALUES ('journal-head', ?, ?, ?, 'pending', ?, 0, ?, ?)`,
          )
          .run(head.seq, head.hash, imprint, this.options.tsa.url, at, at);
        return this.get(Number(info.lastInsertRowid));
      })
      .immediate();
  }

  /** Queues a stamp of one document: the imprint is the document's own SHA-256. */
  requestDocumentStamp(documentId: string, sha256Hex: string): StoredTimestamp {
    if (!/^[0-9a-f]{64}$/.test(sha256Hex))
      throw new TimestampError('config', 'L’empreinte SHA-256 du document est mal formée.');
    const at = this.now().toISOString();
    const info = this.db
      .prepare(
        `INSERT INTO timestamps (kind, document_id, imprint_hex, state, tsa_url, attempts, next_attempt_at, created_at)
         VALUES ('document', ?, ?, 'pending', ?, 0, ?, ?)`,
      )
      .run(documentId, sha256Hex, this.options.tsa.url, at, at);
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): StoredTimestamp {
    const row = this.db.prepare('SELECT * FROM timestamps WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new TimestampError('config', `Horodatage n° ${id} introuvable.`);
    return fromRow(row);
  }

  list(state?: TimestampState): StoredTimestamp[] {
    const rows = (
      state
        ? this.db.prepare('SELECT * FROM timestamps WHERE state = ? ORDER BY id').all(state)
        : this.db.prepare('SELECT * FROM timestamps ORDER BY id').all()
    ) as Row[];
    return rows.map(fromRow);
  }

  /** The first granted head token whose subject_seq >= seq: it covers journal entry `seq`. */
  tokenCovering(seq: number): StoredTimestamp | null {
    const row = this.db
      .prepare(
        "SELECT * FROM timestamps WHERE kind = 'journal-head' AND state = 'granted' AND subject_seq >= ? ORDER BY subject_seq, id LIMIT 1",
      )
      .get(seq) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  tokenForDocument(documentId: string): StoredTimestamp | null {
    const row = this.db
      .prepare(
        "SELECT * FROM timestamps WHERE kind = 'document' AND state = 'granted' AND document_id = ? ORDER BY id LIMIT 1",
      )
      .get(documentId) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Sends every due request; concurrent calls share one run. */
  processQueue(): Promise<ProcessResult> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<ProcessResult> {
    const result: ProcessResult = { granted: 0, retrying: 0, failed: 0, lastError: null };
    const due = this.db
      .prepare("SELECT * FROM timestamps WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id")
      .all(this.now().toISOString()) as Row[];
    for (const row of due) {
      try {
        const token = await requestTimestamp(Buffer.from(row.imprint_hex, 'hex'), this.options.tsa, this.options);
        this.db.transaction(() => this.recordGrant(row, token)).immediate();
        result.granted++;
      } catch (err) {
        const e =
          err instanceof TimestampError
            ? err
            : new TimestampError('invalid', `Erreur inattendue pendant l’horodatage : ${String(err)}`);
        result.lastError = e.message;
        const attempts = row.attempts + 1;
        const transient = e.code === 'unreachable' || e.code === 'http';
        if (!transient && attempts >= (this.options.maxHardAttempts ?? 5)) {
          this.db
            .prepare("UPDATE timestamps SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?")
            .run(attempts, e.message, row.id);
          result.failed++;
        } else {
          const next = new Date(this.now().getTime() + this.delay(attempts)).toISOString();
          this.db
            .prepare('UPDATE timestamps SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?')
            .run(attempts, next, e.message, row.id);
          result.retrying++;
        }
        // TSA down: do not hammer it with the rest of the batch; later rows wait their turn.
        if (e.code === 'unreachable') {
          const next = new Date(this.now().getTime() + this.delay(attempts)).toISOString();
          this.db
            .prepare(
              "UPDATE timestamps SET next_attempt_at = max(next_attempt_at, ?) WHERE state = 'pending' AND id > ?",
            )
            .run(next, row.id);
          result.retrying += due.length - due.indexOf(row) - 1;
          break;
        }
      }
    }
    return result;
  }

  /** Stores the token with its TSA chain and covered hashes; journals the grant (head tokens). */
  private recordGrant(row: Row, token: Awaited<ReturnType<typeof requestTimestamp>>): void {
    let from: number | null = null;
    let hashes: string | null = null;
    if (row.kind === 'journal-head' && row.subject_seq !== null) {
      const prev = this.db
        .prepare(
          "SELECT max(subject_seq) AS s FROM timestamps WHERE kind = 'journal-head' AND state = 'granted' AND subject_seq < ?",
        )
        .get(row.subject_seq) as { s: number | null };
      from = Math.max((prev.s ?? 0) + 1, row.subject_seq - MAX_COVERED + 1, 1);
      const list = this.db
        .prepare('SELECT hash FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq')
        .all(from, row.subject_seq) as Array<{ hash: string }>;
      hashes = list.map((h) => h.hash).join(',');
    }
    const changed = this.db
      .prepare(
        `UPDATE timestamps SET state = 'granted', token = ?, gen_time = ?, serial = ?, policy = ?, tsa_name = ?,
         tsa_url = ?, attempts = attempts + 1, last_error = NULL, trust_pem = ?, covered_from_seq = ?, covered_hashes = ?
         WHERE id = ? AND state = 'pending'`,
      )
      .run(
        token.tokenDer,
        token.genTime.toISOString(),
        token.serial,
        token.policy,
        token.tsaName,
        this.options.tsa.url,
        this.options.tsa.trustPem,
        from,
        hashes,
        row.id,
      ).changes;
    if (this.options.journalGrants && changed === 1 && row.kind === 'journal-head' && row.subject_seq !== null) {
      // The chain itself remembers every token: deleting a token row is then detectable.
      new Journal(this.db).append({
        type: TOKEN_GRANTED,
        data: {
          coversSeq: row.subject_seq,
          headHash: row.subject_hash,
          tokenSha256: sha256(token.tokenDer).toString('hex'),
          genTime: token.genTime.toISOString(),
          tsaName: token.tsaName,
        },
      });
    }
  }

  private delay(attempts: number): number {
    const base = this.options.baseDelayMs ?? 30_000;
    const max = this.options.maxDelayMs ?? 3_600_000;
    const raw = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
    // ±20 % jitter so many town halls do not retry in lockstep.
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  }
}
