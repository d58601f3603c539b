// Default onTransferState hook: the documents of a transfer follow it through the journaled
// document state machine (runs inside the engine's transaction; events go out after commit).
import type { Db } from '../store/db';
import type { TransferState } from '../store/transfers';
import type { Journal } from '../seal/journal';
import type { CoreEvent } from '../events';
import type { DocumentState } from '../../contract/types';
import { TRANSITIONS, applyTransition } from '../capture/states';
import { SyncDocuments } from '../store/sync-documents';
import type { TransferStateHook } from './sync-types';

const SYNC_STATES: ReadonlySet<DocumentState> = new Set([
  'queued',
  'sending',
  'sent',
  'acknowledged',
  'accepted',
  'rejected',
  'failed',
]);

/** Shortest legal path between two sync states (e.g. failed → queued → sending → sent). */
export function syncPath(from: DocumentState, to: DocumentState): DocumentState[] | null {
  if (from === to) return [];
  const prev = new Map<DocumentState, DocumentState>();
  const queue: DocumentState[] = [from];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const next of TRANSITIONS[cur]) {
      if (!SYNC_STATES.has(next) || prev.has(next) || next === from) continue;
      prev.set(next, cur);
      if (next === to) {
        const path: DocumentState[] = [to];
        let p = cur;
        while (p !== from) {
          path.unshift(p);
          p = prev.get(p)!;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

export function documentStatesHook(db: Db, journal: Journal): TransferStateHook {
  const docs = new SyncDocuments(db);
  return (transferId, state: TransferState, info) => {
    const events: CoreEvent[] = [];
    const rows = docs.ofTransfer(transferId);
    for (const row of rows) {
      const target: DocumentState = state;
      const path = syncPath(row.state, target);
      if (path === null) continue; // e.g. the user already took the document back: leave it
      const columns = { attempts: info.attempts, next_attempt_at: info.nextAttemptAt };
      const data = {
        transferId,
        ...(info.replyCode ? { replyCode: info.replyCode } : {}),
        ...(info.archiveReference ? { archiveReference: info.archiveReference } : {}),
      };
      if (path.length === 0) {
        docs.setRetry(row.id, info.attempts, info.nextAttemptAt, info.reason ?? null);
        continue;
      }
      for (const step of path) {
        const last = step === target;
        events.push(
          applyTransition(db, journal, row.id, step, {
            reason: last ? (info.reason ?? null) : null,
            data,
            ...(last ? { columns } : {}),
          }),
        );
      }
    }
    return events;
  };
}
