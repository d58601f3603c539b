// Keeps the journal timestamped: after changes, one request stamps the journal head (which
// covers every earlier entry); queued while the TSA is unreachable, sent when it is back.
import type { EvidenceToken } from '../evidence/evidence-package';
import { journalHeadStampData, TimestampService, type StoredTimestamp } from '../seal/timestamp-queue';
import { sha256 } from '../seal/timestamp';
import { verifyTimestampToken } from '../seal/timestamp-verify';
import type { TokenCheck } from '../evidence/verify-report';
import type { Db } from '../store/db';
import type { CredentialStore } from '../credentials/credential-store';
import type { ProxySettings } from '../net/proxy';

export interface TsaSettings {
  url: string;
  trustPem: string;
  /** The proxy in force at request time; absent: direct (the demo TSA on loopback). */
  proxy?: () => Promise<ProxySettings>;
}

export class JournalTimestamps {
  private readonly service: TimestampService;
  private timer: NodeJS.Timeout | null = null;
  private lastStampedSeq = 0;

  constructor(
    private readonly db: Db,
    private readonly tsa: TsaSettings,
    credentials: CredentialStore,
    private readonly log: (m: string) => void,
  ) {
    this.service = new TimestampService({
      db,
      tsa: { url: tsa.url, trustPem: tsa.trustPem, ...(tsa.proxy ? { proxy: tsa.proxy } : {}) },
      credentials,
      baseDelayMs: 5_000,
    });
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
      const head = this.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number | null };
      if (head.seq && head.seq > this.lastStampedSeq) {
        this.service.requestHeadStamp();
        this.lastStampedSeq = head.seq;
      }
      const r = await this.service.processQueue();
      if (r.lastError) this.log(`timestamp: ${r.lastError}`);
    } catch (error) {
      this.log(`timestamp tick failed: ${String(error)}`);
    }
  }

  /** The newest stamped head: the journal must still contain it (detects a cut tail). */
  latestHead(): { seq: number; hash: string } | null {
    const row = this.db
      .prepare(
        "SELECT subject_seq AS seq, subject_hash AS hash FROM timestamps WHERE kind = 'journal-head' AND state = 'granted' ORDER BY subject_seq DESC LIMIT 1",
      )
      .get() as { seq: number | null; hash: string | null } | undefined;
    return row && row.seq !== null && row.hash ? { seq: row.seq, hash: row.hash } : null;
  }

  pendingCount(): number {
    return this.service.list('pending').length;
  }

  /** Re-verifies every granted head token: signature, chain to the TSA, imprint of the stamped head. */
  verifyAll(): TokenCheck[] {
    return this.service.list('granted').flatMap((t): TokenCheck[] => {
      if (t.kind !== 'journal-head' || !t.tokenDer || t.subjectSeq === null || !t.subjectHash) return [];
      try {
        const token = verifyTimestampToken(
          t.tokenDer,
          { imprint: sha256(journalHeadStampData(t.subjectHash)) },
          { trustPem: this.tsa.trustPem },
        );
        return [
          { coversSeq: t.subjectSeq, ok: true, genTime: token.genTime.toISOString(), tsaName: token.tsaName ?? '' },
        ];
      } catch (error) {
        return [
          { coversSeq: t.subjectSeq, ok: false, message: error instanceof Error ? error.message : String(error) },
        ];
      }
    });
  }

  trustPem(): string {
    return this.tsa.trustPem;
  }

  /** Granted head tokens from `seq` on, the first of which covers it. */
  tokensFrom(seq: number): EvidenceToken[] {
    const first = this.service.tokenCovering(seq);
    if (!first) return [];
    return [first]
      .filter(isGranted)
      .map((t) => ({ tokenDer: t.tokenDer, coversSeq: t.subjectSeq, journalHeadHash: t.subjectHash }));
  }

  /** The token covering the last journal entry of a transfer's documents (for the receipt). */
  tokenCoveringTransfer(transferId: string): { genTime: string; tsaName: string; serial: string } | null {
    const row = this.db
      .prepare(
        'SELECT max(j.seq) AS seq FROM journal j JOIN documents d ON d.id = j.document_id WHERE d.transfer_id = ?',
      )
      .get(transferId) as { seq: number | null };
    if (!row.seq) return null;
    const t = this.service.tokenCovering(row.seq);
    return t && t.genTime ? { genTime: t.genTime, tsaName: t.tsaName ?? '', serial: t.serial ?? '' } : null;
  }
}

function isGranted(
  t: StoredTimestamp,
): t is StoredTimestamp & { tokenDer: Buffer; subjectSeq: number; subjectHash: string } {
  return t.state === 'granted' && t.tokenDer !== null && t.subjectSeq !== null && t.subjectHash !== null;
}
