// Document state machine (docs: DESIGN §2). Every change of state updates the row and
// appends its journal entry in one SQLite transaction, then tells the bus.
import type { Db } from '../store/db';
import { DocumentStateRepository, type StateColumn } from '../store/document-states';
import type { DocumentState } from '../../contract/types';
import type { CoreEvent, EventBus } from '../events';
import type { Journal, JournalAppend } from '../seal/journal';

export const TRANSITIONS: Readonly<Record<DocumentState, readonly DocumentState[]>> = {
  detected: ['sealed'],
  sealed: ['needs_metadata', 'ready', 'skipped_auto_archived', 'duplicate'],
  // queued: only for a folder transfer, where per-file act metadata is not required.
  needs_metadata: ['ready', 'ignored', 'queued'],
  ready: ['needs_metadata', 'queued', 'ignored'],
  queued: ['sending', 'failed', 'ready'],
  // An unknown outcome stays in `sending` until the archive is asked; it may answer "acknowledged".
  sending: ['sent', 'failed', 'acknowledged', 'queued'],
  sent: ['acknowledged', 'accepted', 'rejected', 'failed'],
  acknowledged: ['accepted', 'rejected'],
  accepted: [],
  rejected: ['ready', 'needs_metadata', 'ignored'],
  failed: ['queued', 'ready', 'needs_metadata', 'ignored'],
  // Forced by the user.
  skipped_auto_archived: ['ready', 'needs_metadata'],
  duplicate: ['ready', 'needs_metadata', 'ignored'],
  // Brought back by the user.
  ignored: ['ready', 'needs_metadata'],
};

export function canTransition(from: DocumentState, to: DocumentState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  readonly documentId: string;
  readonly from: DocumentState | null;
  readonly to: DocumentState;

  constructor(documentId: string, from: DocumentState | null, to: DocumentState) {
    super(
      from === null
        ? `Document introuvable : ${documentId}`
        : `Changement d’état impossible pour le document ${documentId} : « ${from} » → « ${to} ».`,
    );
    this.name = 'IllegalTransitionError';
    this.documentId = documentId;
    this.from = from;
    this.to = to;
  }
}

export interface TransitionOptions {
  /** French reason (failed, rejected, skipped, duplicate, needs_metadata). */
  reason?: string | null;
  /** Extra facts recorded in the journal entry. */
  data?: Record<string, unknown>;
  /** Extra columns to set with the state (forced, attempts, next_attempt_at, transfer_id). */
  columns?: Partial<Record<StateColumn, string | number | null>>;
}

/**
 * Applies one transition; the caller owns the transaction and emits the returned event
 * after commit (used when several rows change together, e.g. at intake).
 */
export function applyTransition(
  db: Db,
  journal: Journal,
  documentId: string,
  to: DocumentState,
  options: TransitionOptions = {},
): CoreEvent {
  const row = new DocumentStateRepository(db).current(documentId);
  if (!row) throw new IllegalTransitionError(documentId, null, to);
  return applyTransitionFrom(db, journal, { id: documentId, ...row }, to, options);
}

/**
 * applyTransition for a row the caller has just read in the same transaction (a batch reads
 * its documents with one query, not one per document).
 */
export function applyTransitionFrom(
  db: Db,
  journal: Journal,
  row: { id: string; state: DocumentState; profileId: string },
  to: DocumentState,
  options: TransitionOptions = {},
): CoreEvent {
  const documentId = row.id;
  if (!canTransition(row.state, to)) throw new IllegalTransitionError(documentId, row.state, to);
  const at = new Date().toISOString();
  const reason = options.reason ?? null;
  new DocumentStateRepository(db).write({
    id: documentId,
    state: to,
    reason,
    at,
    ...(options.columns ? { columns: options.columns } : {}),
    forced: to === 'ready' && (row.state === 'skipped_auto_archived' || row.state === 'duplicate'),
  });
  journal.append({
    documentId,
    profileId: row.profileId,
    type: 'state',
    at,
    data: { from: row.state, to, ...(reason ? { reason } : {}), ...(options.data ?? {}) },
  });
  return {
    type: 'document.state',
    documentId,
    profileId: row.profileId,
    from: row.state,
    to,
    ...(reason ? { reason } : {}),
    at,
  };
}

/** One transition in its own transaction, then the `document.state` event. */
export function transition(
  db: Db,
  journal: Journal,
  bus: EventBus | null,
  documentId: string,
  to: DocumentState,
  options: TransitionOptions = {},
): CoreEvent {
  const event = db.transaction(() => applyTransition(db, journal, documentId, to, options)).immediate();
  bus?.emit(event);
  return event;
}

/**
 * A chain of transitions for a row being created (detected → sealed → verdict): the journal
 * entries, in order, and their events. The caller writes the entries with `Journal.appendMany`,
 * after any entry of its own, in its transaction.
 */
export function stepEntries(
  doc: { id: string; profileId: string },
  from: DocumentState,
  steps: ReadonlyArray<{ to: DocumentState; reason?: string | null; data?: Record<string, unknown> }>,
): { entries: JournalAppend[]; events: CoreEvent[] } {
  const entries: JournalAppend[] = [];
  const events: CoreEvent[] = [];
  let current = from;
  for (const step of steps) {
    if (!canTransition(current, step.to)) throw new IllegalTransitionError(doc.id, current, step.to);
    const at = new Date().toISOString();
    const reason = step.reason ?? null;
    entries.push({
      documentId: doc.id,
      profileId: doc.profileId,
      type: 'state',
      at,
      data: { from: current, to: step.to, ...(reason ? { reason } : {}), ...(step.data ?? {}) },
    });
    events.push({
      type: 'document.state',
      documentId: doc.id,
      profileId: doc.profileId,
      from: current,
      to: step.to,
      ...(reason ? { reason } : {}),
      at,
    });
    current = step.to;
  }
  return { entries, events };
}
