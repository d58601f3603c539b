// Documents: intake (paths and browser uploads), listing, detail, metadata edits and the
// user's state changes (retry, set aside, force).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CommuneGuessView, IntakeResult } from '../../../contract/api';
import { INTAKE_REASON_OTHER, INTAKE_REASONS } from '../../../contract/messages';
import { normaliseTypedActNumber } from '../../../contract/acts/number';
import { METADATA_EDITABLE_STATES, type DocumentState } from '../../../contract/types';
import { metadataVerdict } from '../../acts';
import { UserError } from '../../api/dispatch';
import type { IntakeReport } from '../../capture/service';
import { transition } from '../../capture/states';
import type { DocumentRecord } from '../../store/documents';
import type { EngineParts } from '../../parts';
import { documentSummary } from '../views';
import { documentOf, type GroupHandlers } from './common';
import { documentDetail, shownPath, type DetailParts } from './document-view';
import { chooseCommune, communeMessage, guessView, type CommuneChoice } from './intake-commune';
import { findLargeFiles } from './large-files';
import { applyGroups, pathResolver, resolveGroups, uploadResolver } from './intake-grouping';

export type DocumentParts = DetailParts &
  Pick<EngineParts, 'db' | 'bus' | 'profiles' | 'capture' | 'sync' | 'fileAccess' | 'settings'>;

export function documentHandlers(p: DocumentParts): GroupHandlers<'documents'> {
  const changeStates = (ids: string[], to: DocumentState, allowedFrom: DocumentState[], reason?: string) => {
    let changed = 0;
    for (const id of ids) {
      const d = p.documents.get(id);
      if (!d || !allowedFrom.includes(d.state)) continue;
      transition(p.db, p.journal, p.bus, id, to, reason ? { reason } : {});
      changed++;
    }
    return { changed };
  };

  const largeLimit = () => p.settings.values().largeFileConfirmMb * 1024 * 1024;

  /** After a metadata edit or a forced deposit: ready when complete, else à compléter. */
  const settle = (d: DocumentRecord): DocumentState =>
    metadataVerdict(d.role, d.metadata, d.parentId).complete ? 'ready' : 'needs_metadata';
  /** The reason that goes with `settle` (« À compléter : … », « À rattacher : … »). */
  const settleReason = (d: DocumentRecord): { reason?: string } => {
    const reason = metadataVerdict(d.role, d.metadata, d.parentId).reason;
    return reason ? { reason } : {};
  };

  return {
    async intakePaths({ profileId, paths, confirmLarge, groups }) {
      const choice = chooseCommune(p, profileId, paths);
      p.fileAccess.checkIntake(paths);
      // The acts confirmed at drop time, checked before anything is sealed.
      const acts = await resolveGroups(groups, paths, pathResolver(), (r) => path.basename(r));
      const guess = guessView(p, paths);
      const large = confirmLarge ? [] : await findLargeFiles(paths, largeLimit());
      if (large.length > 0)
        return withCommune({ accepted: 0, documentIds: [], ignored: [], needsConfirmation: large }, choice, guess);
      const report = await p.capture.intake(choice.profile.id, paths, 'drop');
      refuseIfRemoved(p, choice.profile);
      applyGroups(p, acts, report);
      return withCommune(intakeResult(report), choice, guess);
    },

    async intakeUploaded({ profileId, uploadIds, confirmLarge, groups }) {
      const roots: string[] = [];
      for (const id of uploadIds) {
        if (!/^[0-9a-f-]{36}$/.test(id)) throw new UserError('Envoi de fichier inconnu.');
        const dir = path.join(p.inboxDir, id);
        const entries = await readdir(dir).catch(() => null);
        if (!entries) throw new UserError('Un fichier déposé n’a pas été reçu en entier : déposez-le à nouveau.');
        for (const e of entries) roots.push(path.join(dir, e));
      }
      // The guess reads the names as dropped, not our inbox folder.
      const shown = (await Promise.all(roots.map((r) => listNames(r)))).flat().map((f) => shownPath(f, p.inboxDir));
      const choice = chooseCommune(p, profileId, shown);
      const acts = await resolveGroups(groups, uploadIds, uploadResolver(p.inboxDir));
      const guess = guessView(p, shown);
      const large = confirmLarge ? [] : await findLargeFiles(roots, largeLimit(), (f) => shownPath(f, p.inboxDir));
      if (large.length > 0)
        return withCommune({ accepted: 0, documentIds: [], ignored: [], needsConfirmation: large }, choice, guess);
      const report = await p.capture.intake(choice.profile.id, roots, 'drop');
      refuseIfRemoved(p, choice.profile);
      applyGroups(p, acts, report);
      const result = withCommune(intakeResult(report), choice, guess);
      return { ...result, ignored: result.ignored.map((i) => ({ ...i, path: shownPath(i.path, p.inboxDir) })) };
    },

    async guessCommune({ paths }) {
      return guessView(p, paths);
    },

    async listDocuments(filter) {
      const base = {
        ...(filter.profileId ? { profileId: filter.profileId } : {}),
        ...(filter.nature ? { nature: filter.nature } : {}),
        ...(filter.year ? { year: String(filter.year) } : {}),
        ...(filter.folderId ? { folderId: filter.folderId } : {}),
        ...(filter.role ? { role: filter.role } : {}),
        ...(filter.text ? { text: filter.text } : {}),
      };
      const page = p.documents.list(
        { ...base, ...(filter.states && filter.states.length > 0 ? { state: filter.states } : {}) },
        { offset: filter.offset, limit: filter.limit },
        filter.sort,
      );
      return { total: page.total, rows: page.items.map(documentSummary) };
    },

    async countDocuments({ profileId }) {
      return p.documents.countByState(profileId ? { profileId } : {});
    },

    async getDocument({ id }) {
      return documentDetail(p, documentOf(p, id));
    },

    async updateMetadata({ id, metadata, parentId }) {
      const d = documentOf(p, id);
      if (!METADATA_EDITABLE_STATES.includes(d.state))
        throw new UserError(
          'Ce document est en cours de versement ou déjà accepté : ses informations ne peuvent plus être modifiées.',
        );
      if (d.state === 'failed' && d.transferId && (p.transfers.get(d.transferId)?.attempts ?? 0) > 0)
        throw new UserError(
          'Ce document a peut-être déjà été reçu par l’archive : cliquez sur « Réessayer ». Vous pourrez corriger ses informations si l’archive le refuse.',
        );
      if (parentId) {
        const parent = documentOf(p, parentId);
        if (parent.profileId !== d.profileId || parent.id === d.id)
          throw new UserError('Une annexe ne peut être rattachée qu’à un acte de la même commune.');
        attachable(p, d, parent);
      }
      const clean = Object.fromEntries(
        Object.entries(metadata).filter(([, v]) => v !== undefined && v !== ''),
      ) as DocumentRecord['metadata'];
      // « 2024-045 » is stored « 2024_045 », the way file names are read (preview: contract/acts/number).
      if (clean.number) clean.number = normaliseTypedActNumber(clean.number);
      const updated = p.db.transaction(() => {
        const u = p.documents.update(id, {
          metadata: clean,
          metadataSource: 'user',
          ...(parentId !== undefined
            ? { parentId, role: parentId ? (d.role === 'act' ? 'annex' : d.role) : 'act' }
            : {}),
        });
        p.journal.append({
          documentId: id,
          profileId: d.profileId,
          type: 'metadata',
          data: { metadata: clean, parentId: u.parentId },
        });
        return u;
      })();
      // An annex is judged with its act: without one it stays « à rattacher ».
      const verdict = metadataVerdict(updated.role, updated.metadata, updated.parentId);
      p.documents.update(id, { missingFields: verdict.missing });
      const target: DocumentState = verdict.complete ? 'ready' : 'needs_metadata';
      const from: DocumentState = updated.state;
      if (from === 'needs_metadata' && target === 'needs_metadata') {
        // Still incomplete: keep the reason in step with what is actually missing now.
        p.documents.update(id, { reason: verdict.reason });
      } else if (
        from !== target &&
        (from === 'needs_metadata' || from === 'ready' || from === 'rejected' || from === 'failed')
      ) {
        transition(p.db, p.journal, p.bus, id, target, verdict.reason ? { reason: verdict.reason } : {});
      }
      return documentDetail(p, documentOf(p, id));
    },

    async retryDocuments({ ids }) {
      let changed = 0;
      for (const id of ids) {
        const d = p.documents.get(id);
        if (!d) continue;
        if (d.state === 'failed' && d.transferId) {
          p.sync.depositNow([d.transferId]);
          changed++;
        } else if (d.state === 'rejected' || d.state === 'failed' || d.state === 'ignored') {
          transition(p.db, p.journal, p.bus, id, settle(d), settleReason(d));
          changed++;
        }
      }
      return { changed };
    },

    async ignoreDocuments({ ids }) {
      return changeStates(
        ids,
        'ignored',
        ['needs_metadata', 'ready', 'rejected', 'failed', 'duplicate', 'skipped_auto_archived'],
        'Mis de côté par l’utilisateur.',
      );
    },

    async forceDocuments({ ids }) {
      let changed = 0;
      for (const id of ids) {
        const d = p.documents.get(id);
        if (!d || (d.state !== 'skipped_auto_archived' && d.state !== 'duplicate' && d.state !== 'ignored')) continue;
        transition(p.db, p.journal, p.bus, id, settle(d), { ...settleReason(d), data: { forced: true } });
        changed++;
      }
      return { changed };
    },
  };
}

/**
 * The commune was removed while its files were being sealed: SQLite refused them
 * (« FOREIGN KEY constraint failed »); said in French instead. The files are untouched.
 */
function refuseIfRemoved(p: Pick<DocumentParts, 'profiles'>, profile: { id: string; name: string }): void {
  if (!p.profiles.get(profile.id))
    throw new UserError(
      `La commune « ${profile.name} » a été supprimée pendant l’arrivée des fichiers : ils n’ont pas été pris (les originaux sont intacts). Déposez-les dans une autre commune.`,
    );
}

/** An attachment goes to an act (not to another annex) that has not left yet, and alone. */
function attachable(p: DocumentParts, d: DocumentRecord, parent: DocumentRecord): void {
  if (parent.role !== 'act' || parent.parentId !== null)
    throw new UserError(
      `« ${parent.fileName} » n’est pas un acte mais une pièce jointe : rattachez « ${d.fileName} » à un acte.`,
    );
  if (!METADATA_EDITABLE_STATES.includes(parent.state) || parent.state === 'failed')
    throw new UserError(
      `« ${parent.fileName} » est déjà versé ou en cours de versement : une pièce ne peut plus lui être ajoutée.`,
    );
  if (p.documents.list({ parentId: d.id }, { limit: 1 }).total > 0)
    throw new UserError(`« ${d.fileName} » a lui-même des pièces jointes : rattachez-les d’abord à un autre acte.`);
}

function withCommune(r: Omit<IntakeResult, 'commune'>, choice: CommuneChoice, g: CommuneGuessView): IntakeResult {
  return { ...r, commune: { ...choice.commune, message: communeMessage(choice.commune, r.accepted, g) } };
}

/** The files under a dropped root (a file, or a folder's tree), bounded: names only, for the guess. */
async function listNames(root: string, budget = { left: 2000 }): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => null);
  if (!entries) return [root];
  const out: string[] = [];
  for (const e of entries) {
    if (budget.left-- <= 0) break;
    const full = path.join(root, e.name);
    if (e.isDirectory()) out.push(...(await listNames(full, budget)));
    else out.push(full);
  }
  return out;
}

function intakeResult(report: IntakeReport): Omit<IntakeResult, 'commune'> {
  const ignored: IntakeResult['ignored'] = [];
  const told = new Set<string>();
  for (const r of report.results) {
    if ('documentId' in r) continue;
    ignored.push({
      path: r.path,
      reason: 'message' in r ? r.message : (INTAKE_REASONS[r.kind] ?? INTAKE_REASON_OTHER),
    });
    told.add(r.path);
  }
  // Paths that could not even be looked at (introuvable) are told too, not dropped silently.
  for (const e of report.errors)
    if (!told.has(e.path)) {
      ignored.push({ path: e.path, reason: e.message });
      told.add(e.path);
    }
  // A very large drop lists its first files only: the others not taken are counted.
  const c = report.counts;
  const notTaken = (c.ignored ?? 0) + (c.vanished ?? 0) + (c.cancelled ?? 0) + (c.locked ?? 0) + (c.error ?? 0);
  const others = notTaken - report.results.filter((r) => !('documentId' in r)).length;
  if (report.unlisted > 0 && others > 0)
    ignored.push({ path: '…', reason: `${others} autre(s) fichier(s) non pris en compte (liste abrégée).` });
  return { accepted: report.created, documentIds: report.documentIds, ignored };
}
