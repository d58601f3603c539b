// Long-term validity: an RFC 3161 token is checked against its TSA certificate, which
// expires. Before that, a new token stamps the exact DER of the newest element of the chain
// (the token, then its latest renewal): an evidence-record chain in the spirit of RFC 4998.
// An auditor verifies the newest element today, then each older one at the date of the
// element that renewed it (`openssl ts -verify -attime`).
import { X509Certificate } from 'node:crypto';
import type { Db } from '../store/db';
import { requestTimestamp, sha256, type TimestampDeps, type TsaConfig } from './timestamp';
import { tokenSignerPem } from './timestamp-verify';

export interface Renewal {
  id: number;
  timestampId: number;
  /** 1 for the renewal of the token itself, 2 for the renewal of renewal 1, … */
  position: number;
  tokenDer: Buffer;
  genTime: string;
  tsaName: string | null;
  trustPem: string;
}

interface Row {
  id: number;
  timestamp_id: number;
  position: number;
  token: Buffer;
  gen_time: string;
  tsa_name: string | null;
  trust_pem: string;
}

/** Renew when the newest element's signing certificate expires within this margin (default 90 days). */
export const RENEWAL_MARGIN_MS = 90 * 86_400_000;

/** When the certificate that signed a token stops being valid. */
export function tokenSignerExpiry(tokenDer: Buffer): Date {
  return new X509Certificate(tokenSignerPem(tokenDer)).validToDate;
}

export class TimestampRenewals {
  constructor(private readonly db: Db) {}

  listFor(timestampId: number): Renewal[] {
    return (
      this.db
        .prepare('SELECT * FROM timestamp_renewals WHERE timestamp_id = ? ORDER BY position')
        .all(timestampId) as Row[]
    ).map((r) => ({
      id: r.id,
      timestampId: r.timestamp_id,
      position: r.position,
      tokenDer: r.token,
      genTime: r.gen_time,
      tsaName: r.tsa_name,
      trustPem: r.trust_pem,
    }));
  }

  /**
   * For every granted token whose newest chain element's TSA certificate expires before
   * now + margin, stamps that element's DER with `tsa`. Returns how many renewals were made.
   */
  async renewExpiring(tsa: TsaConfig, deps: TimestampDeps = {}, marginMs: number = RENEWAL_MARGIN_MS): Promise<number> {
    const now = (deps.now ?? (() => new Date()))();
    const tokens = this.db
      .prepare("SELECT id, token FROM timestamps WHERE state = 'granted' AND token IS NOT NULL ORDER BY id")
      .all() as Array<{ id: number; token: Buffer }>;
    let made = 0;
    for (const t of tokens) {
      const chain = this.listFor(t.id);
      const newest = chain.at(-1)?.tokenDer ?? t.token;
      let expiry: Date;
      try {
        expiry = tokenSignerExpiry(newest);
      } catch {
        continue; // unreadable: `verify` reports it
      }
      if (expiry.getTime() > now.getTime() + marginMs) continue;
      const token = await requestTimestamp(sha256(newest), tsa, deps);
      if (tokenSignerExpiry(token.tokenDer).getTime() <= expiry.getTime()) continue; // no gain: same TSA cert
      this.db
        .prepare(
          `INSERT INTO timestamp_renewals (timestamp_id, position, token, gen_time, tsa_name, trust_pem, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          t.id,
          chain.length + 1,
          token.tokenDer,
          token.genTime.toISOString(),
          token.tsaName,
          tsa.trustPem,
          now.toISOString(),
        );
      made++;
    }
    return made;
  }
}
