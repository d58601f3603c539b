// Act families at intake: an annex or a signature file never becomes « prêt à verser »
// alone. It is linked to its act (by act key from names, or by the grouping the user
// confirmed at drop time), else it waits « à rattacher » with a French reason. Linking is
// metadata only: the sealed bytes, the vault and the seals never change. Every change is
// journaled. Called from record.ts (names) and from the intake handlers (drop grouping),
// always inside the caller's transaction.
import { LOOSE_ATTACHMENT_REASON, metadataVerdict } from '../../contract/acts/completeness';
import type { AttachmentRole } from '../../contract/acts/grouping';
import { CHECK_REASONS } from '../../contract/messages';
import type { DocumentState, FileRole } from '../../contract/types';
import type { CoreEvent } from '../events';
import type { Journal } from '../seal/journal';
import { ActFamilyRepository, type UnlinkedAttachment } from '../store/act-families';
import { CaptureRecordRepository } from '../store/capture-records';
import type { Db } from '../store/db';
import { DocumentRepository, type DocumentRecord } from '../store/documents';
import { applyTransition } from './states';

/** States in which a document's family may still change (not sent, not set aside). */
const REGROUPABLE: readonly DocumentState[] = ['needs_metadata', 'ready'];

/** The act a new annex/signature belongs to by its act key, or null (« à rattacher »). */
export function actByKey(db: Db, profileId: string, actKey: string | null, keyUnknown: boolean): string | null {
  if (!actKey || keyUnknown) return null;
  return new ActFamilyRepository(db).actOf(profileId, actKey);
}

/** The reason without the « à rattacher » part (what else the file still needs), or null. */
function withoutLoose(reason: string | null): string | null {
  if (!reason?.startsWith(LOOSE_ATTACHMENT_REASON)) return reason;
  const rest = reason.slice(LOOSE_ATTACHMENT_REASON.length).trim();
  return rest === '' ? null : rest;
}

/** An attachment that found its act: « à rattacher » lifted (ready unless something else is wrong). */
function settleAttached(
  db: Db,
  journal: Journal,
  d: Pick<DocumentRecord, 'id' | 'state' | 'reason'>,
  events: CoreEvent[],
): void {
  if (d.state !== 'needs_metadata') return;
  const rest = withoutLoose(d.reason);
  if (rest === d.reason) return;
  if (rest === null) events.push(applyTransition(db, journal, d.id, 'ready'));
  else new DocumentRepository(db).update(d.id, { reason: rest });
}

/**
 * An act just recorded: its annexes/signatures already known by act key become its
 * children, and those waiting « à rattacher » are ready now.
 */
export function adoptByKey(db: Db, journal: Journal, act: DocumentRecord): CoreEvent[] {
  if (!act.actKey || act.role !== 'act') return [];
  const loose = new ActFamilyRepository(db).looseOf(act.profileId, act.actKey, act.id);
  new CaptureRecordRepository(db).adoptChildren(act.id, act.profileId, act.actKey);
  const docs = new DocumentRepository(db);
  const events: CoreEvent[] = [];
  for (const id of loose) {
    const d = docs.get(id);
    if (d?.parentId === act.id) settleAttached(db, journal, d, events);
  }
  return events;
}

/**
 * adoptByKey for the acts one batch recorded, in their order: the unlinked attachments of all
 * their keys read at once (per profile), each linked to the first act of its key, and those
 * waiting « à rattacher » settled. Per act this was two queries, an UPDATE by key and a row
 * read per attachment.
 */
export function adoptByKeys(db: Db, journal: Journal, acts: readonly DocumentRecord[]): CoreEvent[] {
  const families = new ActFamilyRepository(db);
  const events: CoreEvent[] = [];
  const byProfile = new Map<string, Array<DocumentRecord & { actKey: string }>>();
  for (const a of acts) {
    if (!a.actKey || a.role !== 'act') continue;
    const mine = byProfile.get(a.profileId) ?? [];
    mine.push({ ...a, actKey: a.actKey });
    byProfile.set(a.profileId, mine);
  }
  for (const [profileId, mine] of byProfile) {
    const waiting = new Map<string, UnlinkedAttachment[]>();
    for (const u of families.unlinkedOfKeys(
      profileId,
      mine.map((a) => a.actKey),
    )) {
      const list = waiting.get(u.actKey) ?? [];
      list.push(u);
      waiting.set(u.actKey, list);
    }
    for (const act of mine) {
      const attachments = waiting.get(act.actKey);
      if (!attachments) continue;
      // The first act of a key takes them all, as adoptByKey did act by act.
      waiting.delete(act.actKey);
      for (const u of attachments) {
        families.setParent(u.id, act.id);
        settleAttached(db, journal, u, events);
      }
    }
  }
  return events;
}

export interface ConfirmedGroup {
  actId: string;
  attachments: Array<{ id: string; role: AttachmentRole }>;
}

/**
 * The grouping the user confirmed at drop time: the act is an act (whatever its name), each
 * attachment its child with its role. Documents already sent, set aside or duplicates are
 * left as they are (a group whose act cannot take attachments links nothing).
 */
export function applyGroup(db: Db, journal: Journal, g: ConfirmedGroup): CoreEvent[] {
  const docs = new DocumentRepository(db);
  const families = new ActFamilyRepository(db);
  const events: CoreEvent[] = [];
  const act = docs.get(g.actId);
  if (!act || !REGROUPABLE.includes(act.state)) return events;
  if (act.role !== 'act' || act.parentId !== null) {
    const u = docs.update(act.id, { role: 'act', parentId: null });
    journal.append({ documentId: act.id, profileId: act.profileId, type: 'grouped', data: grouped(u) });
    settleAct(db, journal, u, events);
  }
  for (const a of g.attachments) {
    const d = docs.get(a.id);
    if (!d || d.id === act.id || d.profileId !== act.profileId || !REGROUPABLE.includes(d.state)) continue;
    if (d.parentId === act.id && d.role === a.role) continue;
    const u = docs.update(d.id, { role: a.role, parentId: act.id, missingFields: [] });
    journal.append({ documentId: d.id, profileId: d.profileId, type: 'grouped', data: grouped(u) });
    // One level only: what was attached to this file follows it to its act.
    for (const childId of families.childrenOf(d.id)) {
      const c = docs.update(childId, { parentId: act.id });
      journal.append({ documentId: c.id, profileId: c.profileId, type: 'grouped', data: grouped(c) });
    }
    if (u.state === 'needs_metadata') {
      // As an attachment it needs no act field and no act: only a file check still holds it.
      const checks = fileChecks(u.reason);
      if (checks.length === 0) events.push(applyTransition(db, journal, u.id, 'ready'));
      else docs.update(u.id, { reason: checks.join(' ') });
    }
  }
  return events;
}

/** A file made an act: judged on the five act fields like any act (a file check still holds). */
function settleAct(db: Db, journal: Journal, d: DocumentRecord, events: CoreEvent[]): void {
  const v = metadataVerdict('act', d.metadata);
  const checks = fileChecks(d.reason);
  const reason = [v.reason, ...checks].filter((r) => r !== null).join(' ') || null;
  new DocumentRepository(db).update(d.id, { missingFields: v.missing });
  const to: DocumentState = v.complete && checks.length === 0 ? 'ready' : 'needs_metadata';
  if (d.state !== to) events.push(applyTransition(db, journal, d.id, to, reason ? { reason } : {}));
  else if (to === 'needs_metadata') new DocumentRepository(db).update(d.id, { reason });
}

/** The « à vérifier » reasons of the file check found in a reason. */
function fileChecks(reason: string | null): string[] {
  return Object.values(CHECK_REASONS).filter((r) => reason?.includes(r) === true);
}

function grouped(d: { parentId: string | null; role: FileRole }): Record<string, unknown> {
  return { parentId: d.parentId, role: d.role, by: 'drop' };
}
