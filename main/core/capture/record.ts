// The database half of intake: given a sealed file, create (or move) its document, journal
// every step and decide its next state, all in one transaction.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Transaction } from 'better-sqlite3';
import type { Db } from '../store/db';
import type { DocumentState } from '../../contract/types';
import type { CoreEvent } from '../events';
import type { Journal } from '../seal/journal';
import type { SealResult } from '../seal/seal-core';
import { CaptureRecordRepository } from '../store/capture-records';
import { DocumentRepository, type DocumentOrigin, type DocumentRecord } from '../store/documents';
import { metadataVerdict, readActMetadata, recogniseAutoArchived, type UserRule } from '../acts';
import type { ActMetadataReading } from '../acts';
import { stepEntries } from './states';
import { withFileCheck } from '../acts/file-check';
import { actByKey, adoptByKey } from './families';
import { STATE_IN_SENTENCE } from '../../contract/messages';

export interface SealedCandidate {
  profileId: string;
  folderId: string | null;
  sourcePath: string;
  relativePath: string;
  origin: DocumentOrigin;
  seal: SealResult;
  /** First 4 KiB, for recognising flows the platform already archives. */
  head: Buffer;
  /** The sealed bytes' last 1 KiB, when the seal had them (else read again for the PDF check). */
  tail?: Buffer;
  userRules?: UserRule[];
  /** readActMetadata(relativePath, userRules), read while the file was sealed (name-readings.ts). */
  reading?: ActMetadataReading;
}

export type RecordOutcome =
  | { kind: 'created'; document: DocumentRecord }
  | { kind: 'moved'; document: DocumentRecord; from: string }
  | { kind: 'unchanged'; document: DocumentRecord };

function frDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('fr-FR');
}

/**
 * What a batch's set lookups already tell (record-queue.ts): a fingerprint or an act key
 * known to be absent from the profile needs no query of its own.
 */
export interface RecordHints {
  fingerprintUnknown?: boolean;
  actKeyUnknown?: boolean;
  /** readActMetadata(relativePath, userRules), when the caller computed it already. */
  reading?: ActMetadataReading;
}

/** The repositories a record uses, made once per batch rather than once per file. */
export interface RecordParts {
  db: Db;
  docs: DocumentRepository;
  records: CaptureRecordRepository;
  /**
   * Given by a batch (record-queue.ts): acts whose key is already known are collected here
   * and take in their waiting annexes together at the batch's end (families.ts adoptByKeys).
   */
  adopting?: DocumentRecord[];
}

export function recordParts(db: Db): RecordParts {
  return { db, docs: new DocumentRepository(db), records: new CaptureRecordRepository(db) };
}

/** One transaction function per connection (made once: better-sqlite3 wraps it at each call otherwise). */
const runs = new WeakMap<Db, Transaction<typeof recordOne>>();

export function recordSealedFile(
  db: Db,
  journal: Journal,
  c: SealedCandidate,
  hints: RecordHints = {},
  parts: RecordParts = recordParts(db),
): { outcome: RecordOutcome; events: CoreEvent[] } {
  let run = runs.get(db);
  if (!run) {
    run = db.transaction(recordOne);
    runs.set(db, run);
  }
  const events: CoreEvent[] = [];
  // Its own transaction, or a savepoint inside the caller's: one file is recorded whole or not at all.
  const outcome = run.immediate(journal, c, hints, parts, events);
  return { outcome, events };
}

function recordOne(
  journal: Journal,
  c: SealedCandidate,
  hints: RecordHints,
  { db, docs, records, adopting }: RecordParts,
  events: CoreEvent[],
): RecordOutcome {
  const same = hints.fingerprintUnknown
    ? []
    : records
        .byFingerprint(c.profileId, c.seal.fingerprint.hex)
        .filter((d) => d.fingerprintAlg === c.seal.fingerprint.algorithm);
  const samePath = same.find((d) => d.sourcePath === c.sourcePath);
  if (samePath) {
    // Touched or re-listed without a content change: remember the new mtime only.
    if (samePath.mtimeMs !== c.seal.mtimeMs) docs.update(samePath.id, { mtimeMs: c.seal.mtimeMs });
    return { kind: 'unchanged', document: samePath };
  }
  const movedFrom = same.find((d) => d.state !== 'duplicate' && !existsSync(d.sourcePath));
  if (movedFrom) {
    const updated = docs.update(movedFrom.id, {
      sourcePath: c.sourcePath,
      relativePath: c.relativePath,
      fileName: basename(c.sourcePath),
      mtimeMs: c.seal.mtimeMs,
      folderId: c.folderId ?? movedFrom.folderId,
    });
    journal.append({
      documentId: movedFrom.id,
      profileId: c.profileId,
      type: 'moved',
      data: { from: movedFrom.sourcePath, to: c.sourcePath, relativePath: c.relativePath },
    });
    return { kind: 'moved', document: updated, from: movedFrom.sourcePath };
  }

  const reading = hints.reading ?? readActMetadata(c.relativePath, c.userRules);
  const fileName = basename(c.sourcePath);
  // The verdict is known before the row exists: written once with its final state, the
  // journal still telling every step (detected → sealed → verdict).
  const original = same.find((d) => d.state !== 'duplicate');
  const auto = original ? null : recogniseAutoArchived(fileName, c.head);
  let verdict: { to: DocumentState; reason?: string; data?: Record<string, unknown> };
  // An annex or a signature is judged with its act: none known ⇒ « à rattacher » (families.ts).
  const parentId =
    reading.role === 'act' ? null : actByKey(db, c.profileId, reading.actKey, hints.actKeyUnknown === true);
  if (original) {
    const state = STATE_IN_SENTENCE[original.state];
    verdict = {
      to: 'duplicate',
      reason: `Ce fichier est identique à « ${original.fileName} », déjà pris en compte le ${frDate(original.createdAt)} (${state}).`,
      data: { originalId: original.id },
    };
  } else if (auto) {
    verdict = { to: 'skipped_auto_archived', reason: auto.reason, data: { flow: auto.kind } };
  } else {
    const m = withFileCheck(
      metadataVerdict(reading.role, reading.metadata, reading.role === 'act' ? undefined : parentId),
      c,
      fileName,
    );
    verdict = m.complete ? { to: 'ready' } : { to: 'needs_metadata', ...(m.reason ? { reason: m.reason } : {}) };
  }
  const doc = docs.insert({
    profileId: c.profileId,
    folderId: c.folderId,
    sourcePath: c.sourcePath,
    relativePath: c.relativePath,
    fileName,
    size: c.seal.size,
    mtimeMs: c.seal.mtimeMs,
    fingerprintAlg: c.seal.fingerprint.algorithm,
    fingerprintHex: c.seal.fingerprint.hex,
    vaultPath: c.seal.vaultPath,
    state: verdict.to,
    reason: verdict.reason ?? null,
    metadata: reading.metadata,
    ruleName: reading.ruleName,
    missingFields: reading.missing,
    role: reading.role,
    actKey: reading.actKey,
    parentId,
    origin: c.origin,
  });
  const steps = stepEntries(doc, 'detected', [
    {
      to: 'sealed',
      data: {
        fingerprint: c.seal.fingerprint,
        size: c.seal.size,
        vaultPath: c.seal.vaultPath,
        sourcePath: c.sourcePath,
      },
    },
    verdict,
  ]);
  // detected, sealed, verdict: one head read for the three entries.
  journal.appendMany([
    {
      documentId: doc.id,
      profileId: c.profileId,
      type: 'detected',
      at: doc.createdAt,
      data: {
        sourcePath: c.sourcePath,
        relativePath: c.relativePath,
        size: c.seal.size,
        mtimeMs: c.seal.mtimeMs,
        origin: c.origin,
      },
    },
    ...steps.entries,
  ]);
  events.push({
    type: 'document.state',
    documentId: doc.id,
    profileId: c.profileId,
    from: null,
    to: 'detected',
    at: doc.createdAt,
  });
  for (const ev of steps.events) events.push(ev);
  if (reading.role === 'act' && !hints.actKeyUnknown) {
    if (adopting) adopting.push(doc);
    else events.push(...adoptByKey(db, journal, doc));
  }
  return { kind: 'created', document: doc };
}
