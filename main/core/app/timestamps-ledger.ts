// Read-only helpers of the timestamp ledger: the tokens the journal itself knows about
// (grant records, checkpoints carried to the archive), and the TSA the settings configure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MESSAGE_RECORD } from '../evidence/message-records';
import type { RecordedGrant } from '../seal/journal-checkpoints';
import { TOKEN_GRANTED } from '../seal/timestamp-queue';
import type { Db } from '../store/db';
import type { TsaSettings } from './tsa-settings';

/** `timestamp.granted` entries and the checkpoints recorded with each sent bordereau. */
export function recordedGrants(db: Db): RecordedGrant[] {
  const recorded = (
    db.prepare('SELECT seq, data FROM journal WHERE type = ? ORDER BY seq').all(TOKEN_GRANTED) as Array<{
      seq: number;
      data: string;
    }>
  ).flatMap((r) => {
    try {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      return typeof d.coversSeq === 'number' && typeof d.headHash === 'string' && typeof d.tokenSha256 === 'string'
        ? [
            {
              entrySeq: r.seq,
              coversSeq: d.coversSeq,
              headHash: d.headHash,
              tokenSha256: d.tokenSha256,
              genTime: typeof d.genTime === 'string' ? d.genTime : '',
            },
          ]
        : [];
    } catch {
      return [];
    }
  });
  // Checkpoints carried to the archive with a transfer are known tokens too.
  const carried = (
    db.prepare('SELECT seq, data FROM journal WHERE type = ? ORDER BY seq').all(MESSAGE_RECORD) as Array<{
      seq: number;
      data: string;
    }>
  ).flatMap((r) => {
    try {
      const d = JSON.parse(r.data) as Record<string, unknown>;
      return typeof d.checkpointSeq === 'string' &&
        typeof d.checkpointHeadHash === 'string' &&
        typeof d.checkpointTokenSha256 === 'string'
        ? [
            {
              entrySeq: r.seq,
              coversSeq: Number(d.checkpointSeq),
              headHash: d.checkpointHeadHash,
              tokenSha256: d.checkpointTokenSha256,
              genTime: typeof d.checkpointGenTime === 'string' ? d.checkpointGenTime : '',
            },
          ]
        : [];
    } catch {
      return [];
    }
  });
  return [...recorded, ...carried];
}

/** The TSA the settings (or the policy) configure; null when timestamps are off. */
export function tsaFromSettings(v: {
  tsaUrl: string | null;
  tsaCertPem: string | null;
  tsaPolicyOid?: string | null;
  tsaQualified?: boolean;
}): TsaSettings | null {
  if (!v.tsaUrl || !v.tsaCertPem) return null;
  return {
    url: v.tsaUrl,
    trustPem: v.tsaCertPem,
    ...(v.tsaPolicyOid ? { policyOid: v.tsaPolicyOid } : {}),
    qualified: v.tsaQualified === true,
  };
}

/** The demo CA kept under dataDir/demo-tsa (tokens from before chains were stored per token). */
export function demoTrustFallback(dataDir: string): () => string | null {
  return () => {
    try {
      return readFileSync(path.join(dataDir, 'demo-tsa', 'demo-ca.pem'), 'utf8');
    } catch {
      return null;
    }
  };
}

export const DEMO_TSA_NAME = 'Autorité d’horodatage de démonstration';
