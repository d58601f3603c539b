// Keeps the journal timestamped: after changes, one request stamps the journal head (which
// covers every earlier entry); queued while the TSA is unreachable, sent when it is back.
// The ledger side (verify, export) works without any TSA configured: each token carries
// the certificate chain of the TSA that issued it, so a TSA change never voids old evidence.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EvidenceToken } from '../evidence/evidence-package';
import { journalHeadStampData, TimestampService, TOKEN_GRANTED, type StoredTimestamp } from '../seal/timestamp-queue';
import { sha256 } from '../seal/timestamp';
import { TimestampRenewals } from '../seal/timestamp-renewal';
import { verifyTimestampToken } from '../seal/timestamp-verify';
import {
  appendCheckpoints,
  CHECKPOINT_FILE,
  checkCheckpoints,
  readCheckpoints,
  type Checkpoint,
  type CheckpointReport,
} from '../seal/journal-checkpoints';
import type { TokenCheck } from '../evidence/verify-report';
import type { TransferCheckpoint } from '../evidence/transfer-checkpoint';
import type { Db } from '../store/db';
import type { CredentialStore } from '../credentials/credential-store';
import { recordedGrants } from './timestamps-ledger';
import type { TimestampStatus, TsaSettings } from './tsa-settings';

export type { TimestampStatus, TsaSettings } from './tsa-settings';

export { demoTrustFallback, DEMO_TSA_NAME, tsaFromSettings } from './timestamps-ledger';

export interface JournalTimestampsOptions {
  /** Where points-de-controle.jsonl lives (next to the database). */
  dataDir?: string;
  /** Trust for tokens stored before chains were kept with them (the demo CA). */
  fallbackTrust?: () => string | null;
  /** This computer's clock (tests: one running behind the TSA's). */
  now?: () => Date;
}

export class JournalTimestamps {
  private service: TimestampService | null = null;
  private tsa: TsaSettings | null = null;
  private key = '';
  private demo: TsaSettings | null = null;
  private timer: NodeJS.Timeout | null = null;
  private fileSeq: number | null = null;
  private lastRenewal = 0;
  private readonly configured: () => TsaSettings | null;

  /** `tsa`: a fixed TSA, or the settings read again at each use (a change applies at once). */
  constructor(
    private readonly db: Db,
    tsa: TsaSettings | null | (() => TsaSettings | null),
    private readonly credentials: CredentialStore,
    private readonly log: (m: string) => void,
    private readonly options: JournalTimestampsOptions = {},
  ) {
    this.configured = typeof tsa === 'function' ? tsa : () => tsa;
    const file = this.checkpointFile();
    // A fresh register only when the journal never recorded a token: otherwise its absence is an alarm.
    if (file && !existsSync(file)) {
      const recorded = db.prepare('SELECT count(*) AS n FROM journal WHERE type = ?').get(TOKEN_GRANTED) as {
        n: number;
      };
      if (recorded.n === 0) appendCheckpoints(file, [], true);
    }
    this.refresh();
  }

  /** The demo TSA, used only while no TSA is configured (and only for demo deposits). */
  useDemoTsa(tsa: TsaSettings | null): void {
    this.demo = tsa;
    this.refresh();
  }

  /** Re-reads the configured TSA; tokens already obtained keep their own chain. */
  private refresh(): void {
    const tsa = this.configured() ?? this.demo;
    const key = tsa ? `${tsa.url}\n${tsa.trustPem}\n${tsa.policyOid ?? ''}` : '';
    if (key === this.key && (tsa === null) === (this.tsa === null)) {
      this.tsa = tsa;
      return;
    }
    this.key = key;
    this.tsa = tsa;
    this.service = tsa
      ? new TimestampService({
          db: this.db,
          tsa: {
            url: tsa.url,
            trustPem: tsa.trustPem,
            ...(tsa.policyOid ? { policyOid: tsa.policyOid } : {}),
            ...(tsa.proxy ? { proxy: tsa.proxy } : {}),
          },
          credentials: this.credentials,
          baseDelayMs: 5_000,
          journalGrants: true,
          ...(this.options.now ? { now: this.options.now } : {}),
        })
      : null;
  }

  current(): TsaSettings | null {
    this.refresh();
    return this.tsa;
  }

  /** Checks every `intervalMs` whether the head moved; stamps it and drains the queue. */
  start(intervalMs = 15_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    try {
      this.refresh();
      const service = this.service;
      if (!service) return;
      // Only real changes call for a stamp: the grant records themselves do not.
      const changed = this.db.prepare('SELECT max(seq) AS seq FROM journal WHERE type <> ?').get(TOKEN_GRANTED) as {
        seq: number | null;
      };
      const covered = this.db
        .prepare(
          "SELECT max(subject_seq) AS seq FROM timestamps WHERE kind = 'journal-head' AND state IN ('pending','granted')",
        )
        .get() as { seq: number | null };
      if (changed.seq && changed.seq > (covered.seq ?? 0)) service.requestHeadStamp();
      const r = await service.processQueue();
      if (r.lastError) this.log(`timestamp: ${r.lastError}`);
      this.syncCheckpointFile();
      // Certificates expire in years: looking once an hour is plenty.
      if (Date.now() - this.lastRenewal > 3_600_000) {
        this.lastRenewal = Date.now();
        await this.renew();
      }
    } catch (error) {
      this.log(`timestamp tick failed: ${String(error)}`);
    }
  }

  /** Re-stamps chains whose TSA certificate expires soon (evidence-record chain). */
  async renew(marginMs?: number): Promise<number> {
    this.refresh();
    const tsa = this.tsa;
    if (!tsa || tsa.demo) return 0;
    try {
      return await new TimestampRenewals(this.db).renewExpiring(
        { url: tsa.url, trustPem: tsa.trustPem, ...(tsa.policyOid ? { policyOid: tsa.policyOid } : {}) },
        { credentials: this.credentials },
        marginMs,
      );
    } catch (error) {
      this.log(`timestamp renewal failed: ${String(error)}`);
      return 0;
    }
  }

  /**
   * Stamps the current head now (before an export); false when no TSA, it failed, or it did
   * not answer within `waitMs` (the request then goes on in the background, as queued).
   */
  async stampNow(waitMs = 8_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.stampHeadNow(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async stampHeadNow(): Promise<boolean> {
    this.refresh();
    const service = this.service;
    if (!service) return false;
    const head = this.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number | null };
    if (!head.seq) return false;
    const before = this.latestHead()?.seq ?? 0;
    if (before >= head.seq) return true;
    service.requestHeadStamp();
    await service.processQueue();
    try {
      this.syncCheckpointFile();
    } catch (error) {
      // A full disk: the token is in the database and the journal; the next tick appends it.
      this.log(`checkpoint file append failed: ${String(error)}`);
    }
    return (this.latestHead()?.seq ?? 0) >= head.seq;
  }

  private checkpointFile(): string | null {
    return this.options.dataDir ? path.join(this.options.dataDir, CHECKPOINT_FILE) : null;
  }

  /** Appends the tokens granted since the file's last line. */
  private syncCheckpointFile(): void {
    const file = this.checkpointFile();
    if (!file) return;
    if (!existsSync(file)) return; // gone: verify reports it; never silently recreated
    this.fileSeq ??= Math.max(0, ...(readCheckpoints(file) ?? []).map((c) => c.seq));
    const fresh = this.granted()
      .filter((t) => t.subjectSeq > (this.fileSeq ?? 0))
      .map(toCheckpoint);
    appendCheckpoints(file, fresh);
    if (fresh.length > 0) this.fileSeq = fresh.at(-1)!.seq;
  }

  private granted(): Array<StoredTimestamp & { tokenDer: Buffer; subjectSeq: number; subjectHash: string }> {
    const rows = this.db
      .prepare("SELECT id FROM timestamps WHERE kind = 'journal-head' AND state = 'granted' ORDER BY subject_seq, id")
      .all() as Array<{ id: number }>;
    return rows.map((r) => this.row(r.id)).filter(isGranted);
  }

  private row(id: number): StoredTimestamp {
    return (this.service ?? new TimestampService({ db: this.db, tsa: { url: '', trustPem: '' } })).get(id);
  }

  /** The newest stamped head with its token and TSA chain, for the archive's copy. */
  transferCheckpoint(): TransferCheckpoint | null {
    const last = this.granted().at(-1);
    const trust = last ? this.trustFor(last) : null;
    if (!last || !trust || !last.genTime) return null;
    return {
      journalSeq: last.subjectSeq,
      journalHeadHash: last.subjectHash,
      genTime: last.genTime,
      tsaName: last.tsaName,
      tokenDer: last.tokenDer,
      trustPem: trust,
    };
  }

  /** The newest stamped head. */
  latestHead(): { seq: number; hash: string } | null {
    const last = this.granted().at(-1);
    return last ? { seq: last.subjectSeq, hash: last.subjectHash } : null;
  }

  pendingCount(): number {
    const r = this.db.prepare("SELECT count(*) AS n FROM timestamps WHERE state = 'pending'").get() as { n: number };
    return r.n;
  }

  /** Token rows, `timestamp.granted` journal entries and the checkpoint file must agree with the journal. */
  verifyCheckpoints(): CheckpointReport {
    const hashStmt = this.db.prepare('SELECT hash FROM journal WHERE seq = ?');
    const end = this.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number | null };
    const recorded = recordedGrants(this.db);
    const file = this.checkpointFile();
    return checkCheckpoints({
      hashAt: (seq) => (hashStmt.get(seq) as { hash: string } | undefined)?.hash ?? null,
      journalEnd: end.seq ?? 0,
      tokens: this.granted().map(toCheckpoint),
      recorded,
      file: file ? readCheckpoints(file) : [],
    });
  }

  /** The chain a token is checked against: its own, else the configured one, else the demo CA. */
  private trustFor(t: StoredTimestamp): string | null {
    return t.trustPem ?? this.tsa?.trustPem ?? this.options.fallbackTrust?.() ?? null;
  }

  /** Re-verifies every granted head token: signature, chain to its TSA, imprint of the stamped head. */
  verifyAll(): TokenCheck[] {
    return this.granted().map((t): TokenCheck => {
      const trust = this.trustFor(t);
      try {
        if (!trust) throw new Error('la chaîne de certificats de son autorité n’est pas conservée');
        const token = verifyTimestampToken(
          t.tokenDer,
          { imprint: sha256(journalHeadStampData(t.subjectHash)) },
          // Its date is the TSA's, checked against our nonce when granted: this computer's clock
          // running behind must not make a recent token read as broken (no future-date check).
          {
            trustPem: trust,
            maxFutureSkewMs: Number.POSITIVE_INFINITY,
            ...(this.options.now ? { now: this.options.now } : {}),
          },
        );
        return { coversSeq: t.subjectSeq, ok: true, genTime: token.genTime.toISOString(), tsaName: token.tsaName };
      } catch (error) {
        return { coversSeq: t.subjectSeq, ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    });
  }

  /** The configured trust PEM (or the fallback), for callers that need one chain. */
  trustPem(): string {
    return this.tsa?.trustPem ?? this.options.fallbackTrust?.() ?? '';
  }

  /** Granted head tokens covering `fromSeq` and `toSeq` (one or two), each with its TSA chain. */
  tokensFor(fromSeq: number, toSeq: number = fromSeq): EvidenceToken[] {
    const all = this.granted();
    const first = all.find((t) => t.subjectSeq >= fromSeq);
    const last = all.find((t) => t.subjectSeq >= toSeq);
    return [...new Set([first, last].filter((t): t is NonNullable<typeof t> => t !== undefined))].map((t) => ({
      tokenDer: t.tokenDer,
      coversSeq: t.subjectSeq,
      journalHeadHash: t.subjectHash,
      trustPem: this.trustFor(t) ?? '',
      renewals: new TimestampRenewals(this.db)
        .listFor(t.id)
        .map((r) => ({ tokenDer: r.tokenDer, trustPem: r.trustPem })),
    }));
  }

  /** Kept for callers of the former API: the first token covering `seq`. */
  tokensFrom(seq: number): EvidenceToken[] {
    return this.tokensFor(seq);
  }

  /** The token covering the last journal entry of a transfer's documents (for the receipt). */
  tokenCoveringTransfer(
    transferId: string,
  ): { genTime: string; tsaName: string; serial: string; coversSeq: number; tokenDer: Buffer } | null {
    const row = this.db
      .prepare(
        'SELECT max(j.seq) AS seq FROM journal j JOIN documents d ON d.id = j.document_id WHERE d.transfer_id = ?',
      )
      .get(transferId) as { seq: number | null };
    if (!row.seq) return null;
    const t = this.granted().find((g) => g.subjectSeq >= row.seq!);
    return t && t.genTime
      ? {
          genTime: t.genTime,
          tsaName: t.tsaName ?? '',
          serial: t.serial ?? '',
          coversSeq: t.subjectSeq,
          tokenDer: t.tokenDer,
        }
      : null;
  }

  status(): TimestampStatus {
    this.refresh();
    const all = this.granted();
    const last = all.at(-1);
    const head = this.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number | null };
    const tsa = this.tsa;
    const name = tsa ? (tsa.name ?? (tsa.demo ? 'Autorité d’horodatage de démonstration' : tsa.url)) : null;
    const message = !tsa
      ? 'Horodatage désactivé : aucune autorité d’horodatage n’est configurée. Les documents capturés ne sont pas horodatés (« non horodaté ») et leur date de capture n’a pas de valeur probante.'
      : tsa.demo
        ? 'Horodatage de démonstration : valable seulement pour essayer Sceau avec l’archive de démonstration.'
        : `Horodatage actif (${name}${tsa.qualified ? ', qualifié eIDAS' : ''}).`;
    return {
      configured: tsa !== null,
      name,
      url: tsa?.url ?? null,
      qualified: tsa?.qualified === true,
      demo: tsa?.demo === true,
      pending: this.pendingCount(),
      granted: all.length,
      lastGrantedAt: last?.genTime ?? null,
      coveredSeq: last?.subjectSeq ?? null,
      headSeq: head.seq ?? 0,
      message,
    };
  }
}

function toCheckpoint(t: StoredTimestamp & { tokenDer: Buffer; subjectSeq: number; subjectHash: string }): Checkpoint {
  return {
    seq: t.subjectSeq,
    hash: t.subjectHash,
    tokenSha256: sha256(t.tokenDer).toString('hex'),
    genTime: t.genTime ?? '',
    tsaName: t.tsaName,
    coveredFromSeq: t.coveredFromSeq,
    coveredHashes: t.coveredHashes,
  };
}

function isGranted(
  t: StoredTimestamp,
): t is StoredTimestamp & { tokenDer: Buffer; subjectSeq: number; subjectHash: string } {
  return t.state === 'granted' && t.tokenDer !== null && t.subjectSeq !== null && t.subjectHash !== null;
}
