// The SEDA messages' hashes go into the journal when they are sent or received, in the
// same transaction as the transfer's state: the bordereau at « sent », the acknowledgement at
// « acknowledged », the reply (with its code and the archive's reference) at « accepted » /
// « rejected ». The evidence package's verifier checks the packaged messages against them.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECKPOINT_FILE_NAME } from './transfer-checkpoint';
import type { Journal } from '../seal/journal';
import type { TransferRepository } from '../store/transfers';
import type { TransferStateHook } from '../sync/sync-types';

export const MESSAGE_RECORD = 'transfer.message';
export type RecordedMessage = 'bordereau' | 'accuse-reception' | 'reponse-transfert';

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Wraps the documents' hook: records the message first, then lets the documents follow. */
export function recordMessageHashes(
  journal: Journal,
  transfers: TransferRepository,
  inner: TransferStateHook,
): TransferStateHook {
  return (transferId, state, info) => {
    const t = transfers.get(transferId);
    if (t) {
      const record = (message: RecordedMessage, hash: string, extra: Record<string, string> = {}): void => {
        journal.append({
          profileId: t.profileId,
          type: MESSAGE_RECORD,
          data: { transferId, messageIdentifier: t.messageIdentifier, message, sha256: hash, ...extra },
        });
      };
      if (state === 'sent' && t.bordereauPath) {
        // The package was just sent: its bordereau is gone only if staging was wiped meanwhile.
        const bytes = readOrNull(t.bordereauPath);
        if (bytes) record('bordereau', sha256(bytes), checkpointFacts(path.dirname(t.bordereauPath)));
      }
      if (state === 'acknowledged' && t.ackXml) record('accuse-reception', sha256(t.ackXml));
      if ((state === 'accepted' || state === 'rejected') && t.replyXml) {
        record('reponse-transfert', sha256(t.replyXml), {
          ...(t.replyCode ? { replyCode: t.replyCode } : {}),
          ...(t.archiveReference ? { archiveReference: t.archiveReference } : {}),
        });
      }
    }
    return inner(transferId, state, info);
  };
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** The checkpoint this transfer carried: the journal then knows a token the archive also holds. */
function checkpointFacts(stagingDir: string): Record<string, string> {
  const bytes = readOrNull(path.join(stagingDir, CHECKPOINT_FILE_NAME));
  if (!bytes) return {};
  try {
    const c = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (typeof c.journalSeq !== 'number' || typeof c.journalHeadHash !== 'string' || typeof c.tokenSha256 !== 'string')
      return {};
    return {
      checkpointSeq: String(c.journalSeq),
      checkpointHeadHash: c.journalHeadHash,
      checkpointTokenSha256: c.tokenSha256,
      checkpointGenTime: typeof c.genTime === 'string' ? c.genTime : '',
    };
  } catch {
    return {};
  }
}
