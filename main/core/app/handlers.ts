// The contract's handlers: one function per channel of main/contract/api.ts, over the engine's
// parts. Requests arrive already validated by the dispatcher (zod).
import { readdir, readFile, stat } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type {
  AppInfo,
  ClassificationView,
  DocumentDetail,
  FolderView,
  IntakeResult,
  SettingsView,
  IntegrityReport,
  RulePreviewRow,
  SyncStatusView,
} from '../../contract/api';
import {
  previewRules as previewActRules,
  metadataVerdict,
  readActMetadata,
  recogniseAutoArchived,
  searchClassification,
  CLASSIFICATION,
  inClassificationList,
  type UserRule,
} from '../acts';
import { ClassificationFileError, parseClassificationFile } from '../acts/classification-file';
import type { StoredClassification } from '../store/classifications';
import { UserError, type Handlers, type ParsedRequestOf } from '../api/dispatch';
import { isIgnoredName } from '../capture/ignore';
import { transition } from '../capture/states';
import { chooseWatchMode } from '../capture/watcher';
import { accountFor } from '../credentials/credential-store';
import { verifyJournal } from '../seal/verify';
import { formatIntegrityReport } from '../evidence/verify-report';
import { vaultAbsolutePath } from '../seal/vault';
import type { DocumentRecord } from '../store/documents';
import type { WatchedFolder } from '../store/watched-folders';
import type { IntakeReport } from '../capture/service';
import { profileFromInput, type Profile, type ProfileInput } from '../store/profiles';
import { METADATA_EDITABLE_STATES, type DocumentState } from '../../contract/types';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ARCHIVAL_PROFILE,
  DEMO_ASALAE_LOGIN,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
} from '../../demo-archive/demo-account';
import { buildConnector } from './connectors';
import { checkProfileAgainstPolicy } from '../policy';
import type { EngineParts } from '../engine';
import { documentSummary, folderView, profileView, timelineEntry } from './views';
import { exportEvidenceFor, exportReceiptFor, exportOriginalFor } from './documents-export';
import { exportDiagnosticsZip } from './diagnostics';
import pkg from '../../../package.json';

const PROBLEM_STATES: DocumentState[] = ['rejected', 'failed', 'needs_metadata'];

function notFound(what: string): never {
  throw new UserError(`${what} introuvable : il a peut-être été supprimé.`, 'not-found');
}

export function buildHandlers(p: EngineParts): Handlers {
  const getProfile = (id: string): Profile => p.profiles.get(id) ?? notFound('Profil');
  const getDoc = (id: string): DocumentRecord => p.documents.get(id) ?? notFound('Document');

  const hasPassword = async (profile: Profile): Promise<boolean> => {
    if (profile.archiveKind === 'demo') return true;
    const url = profile.endpoints[0]?.url;
    const purpose = profile.archiveKind === 'vitam' ? 'client-cert-passphrase' : 'archive-password';
    return (await p.credentials.get(accountFor(profile.id, purpose, url))) !== null;
  };

  const storePassword = async (profile: Profile, password: string | undefined) => {
    if (password === undefined || profile.archiveKind === 'demo') return;
    const purpose = profile.archiveKind === 'vitam' ? 'client-cert-passphrase' : 'archive-password';
    // One entry per endpoint: Rennes and Lille may have their own accounts; same password by default.
    const urls = profile.endpoints.length > 0 ? profile.endpoints.map((e) => e.url) : [undefined];
    for (const url of urls) await p.credentials.set(accountFor(profile.id, purpose, url), password);
  };

  const demoDefaults = (input: ProfileInput): ProfileInput => {
    if (input.archiveKind !== 'demo') return input;
    return {
      ...input,
      endpoints: [],
      login: DEMO_ASALAE_LOGIN,
      archivalAgencyId: input.archivalAgencyId || DEMO_ARCHIVAL_AGENCY,
      transferringAgencyId: input.transferringAgencyId || DEMO_TRANSFERRING_AGENCY,
      originatingAgencyId: input.originatingAgencyId || DEMO_ORIGINATING_AGENCY,
      archivalAgreement: input.archivalAgreement || DEMO_ARCHIVAL_AGREEMENT,
      archivalProfile: input.archivalProfile || DEMO_ARCHIVAL_PROFILE,
    };
  };

  const checkProfileComplete = (input: ProfileInput) => {
    const refusal = checkProfileAgainstPolicy(
      { siren: input.siren, archiveKind: input.archiveKind, endpoints: input.endpoints ?? [] },
      p.policy,
    );
    if (refusal) throw new UserError(refusal, 'locked');
    if (input.archiveKind === 'demo') return;
    if (!input.endpoints || input.endpoints.length === 0)
      throw new UserError('Indiquez l’adresse de l’archive (par exemple https://archive.exemple.fr/restservices).');
    for (const e of input.endpoints) {
      if (!e.url.startsWith('https://') && !isLoopbackHttp(e.url))
        throw new UserError(
          `L’adresse « ${e.url} » doit commencer par https:// : les échanges avec l’archive sont toujours chiffrés.`,
        );
    }
  };

  const settingsView = async (): Promise<SettingsView> => ({
    ...p.settings.view(),
    proxyPasswordStored: (await p.credentials.get(accountFor('global', 'proxy-password'))) !== null,
  });

  const syncStatus = (): SyncStatusView => {
    const st = p.sync.status();
    const tonight = (
      p.db
        .prepare("SELECT count(*) AS n FROM transfers WHERE night_only = 1 AND state IN ('queued','failed')")
        .get() as { n: number }
    ).n;
    return {
      paused: st.paused,
      reason: st.reason,
      online: st.online,
      pendingCount: st.pendingCount,
      scheduledTonight: tonight,
      activeTransfers: st.active.map((a) => ({
        transferId: a.transferId,
        label: transferLabel(p, a.transferId),
        sentBytes: a.sentBytes,
        totalBytes: a.totalBytes,
        rate: a.rate,
      })),
      currentRateLimitKbps: st.rateLimit === null ? null : Math.round((st.rateLimit * 8) / 1000),
    };
  };

  const detail = async (d: DocumentRecord): Promise<DocumentDetail> => {
    const transfer = d.transferId ? p.transfers.get(d.transferId) : null;
    const attachments = d.role === 'act' ? p.documents.list({ parentId: d.id }, { limit: 1000 }).items : [];
    // While a transfer waits (archive refusing a certificate, garbage answers…), its last problem is the reason.
    const waiting = transfer && ['queued', 'sending', 'sent', 'acknowledged', 'failed'].includes(transfer.state);
    return {
      ...documentSummary(d),
      reason: d.reason ?? (waiting ? (transfer.lastError ?? null) : null),
      fingerprint: d.fingerprintHex ? { algorithm: d.fingerprintAlg, hex: d.fingerprintHex } : null,
      // A file dropped in the browser lives in our inbox: show the name it was given, not our folder.
      sourcePath: isInside(d.sourcePath, p.inboxDir) ? uploadedName(d.sourcePath, p.inboxDir) : d.sourcePath,
      timeline: p.journal.entriesFor(d.id).map(timelineEntry),
      attachments: attachments.map(documentSummary),
      transfer: transfer
        ? {
            id: transfer.id,
            kind: transfer.kind,
            title: transfer.title ?? null,
            messageIdentifier: transfer.messageIdentifier,
            state: transfer.state,
            archiveReference: transfer.archiveReference ?? null,
            replyCode: transfer.replyCode ?? null,
            replyComment: transfer.replyComment ?? null,
            sentAt: transfer.sentAt ?? null,
            acknowledgedAt: transfer.acknowledgedAt ?? null,
            repliedAt: transfer.repliedAt ?? null,
          }
        : null,
      validation: validationOf(d, p.classifications.get(d.profileId)),
      preview: await previewOf(p.vaultDir, d),
    };
  };

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

  /** After a metadata edit or a forced deposit: ready when complete, else à compléter. */
  const settle = (d: DocumentRecord): DocumentState =>
    metadataVerdict(d.role, d.metadata).complete ? 'ready' : 'needs_metadata';

  return {
    async getAppInfo(): Promise<AppInfo> {
      return {
        version: pkg.version,
        dataDir: p.dataDir,
        keychain: p.keychain,
        firstLaunch: p.profiles.list().length === 0,
        platform: process.platform,
      };
    },

    async listProfiles() {
      const list = p.profiles.list();
      return Promise.all(list.map(async (pr) => profileView(pr, await hasPassword(pr))));
    },

    async createProfile({ profile, password }) {
      const input = demoDefaults(storeInput(profile));
      checkProfileComplete(input);
      if (p.profiles.list().some((x) => x.siren === profile.siren && x.name === profile.name))
        throw new UserError(`La commune « ${profile.name} » (SIREN ${profile.siren}) a déjà un profil.`);
      const created = p.profiles.create(input);
      await storePassword(created, password);
      if (created.archiveKind === 'demo') await p.ensureDemoArchive();
      if (!p.settings.values().activeProfileId) p.settings.update({ activeProfileId: created.id });
      return profileView(created, await hasPassword(created));
    },

    async updateProfile({ id, profile, password }) {
      const current = getProfile(id);
      const patch: Partial<Profile> = {};
      for (const [k, v] of Object.entries(profile)) if (v !== undefined) (patch as Record<string, unknown>)[k] = v;
      if (profile.endpoints) patch.endpoints = profile.endpoints.map((e) => ({ url: e.url, label: e.label ?? '' }));
      const merged = demoDefaults({ ...current, ...patch } as ProfileInput);
      checkProfileComplete(merged);
      const updated = p.profiles.update(id, merged as Partial<Profile>);
      await storePassword(updated, password);
      return profileView(updated, await hasPassword(updated));
    },

    async removeProfile({ id }) {
      const profile = getProfile(id);
      const counts = p.documents.countByState({ profileId: id });
      const inFlight = counts.queued + counts.sending + counts.sent + counts.acknowledged;
      if (inFlight > 0)
        throw new UserError(
          `La commune « ${profile.name} » a encore ${inFlight} document(s) en cours de versement : attendez la réponse de l’archive avant de la supprimer.`,
        );
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total > 0)
        throw new UserError(
          `La commune « ${profile.name} » garde la trace de ${total} document(s) scellé(s) : elle ne peut pas être supprimée, pour ne rien perdre de leur historique.`,
        );
      for (const f of p.folders.list(id)) {
        await p.capture.removeFolder(f.id);
        p.folders.remove(f.id);
      }
      for (const purpose of ['archive-password', 'client-cert-passphrase'] as const) {
        for (const e of [undefined, ...profile.endpoints.map((x) => x.url)])
          await p.credentials.delete(accountFor(id, purpose, e));
      }
      p.profiles.delete(id);
      return { removed: true };
    },

    async testConnection({ profileId, draft, password }) {
      let profile: Profile;
      if (draft) {
        const input = demoDefaults(storeInput(draft));
        try {
          checkProfileComplete(input);
        } catch (e) {
          return { reachable: false, authenticated: false, message: (e as Error).message };
        }
        profile = profileFromInput({ ...input, id: profileId ?? 'draft' }, new Date().toISOString());
      } else if (profileId) {
        profile = getProfile(profileId);
      } else {
        throw new UserError('Choisissez un profil ou saisissez les informations de connexion.');
      }
      if (profile.archiveKind === 'demo') await p.ensureDemoArchive();
      const connector = await buildConnector(profile, 0, p.connectors, password);
      if (!connector)
        return { reachable: false, authenticated: false, message: 'Aucune adresse d’archive n’est configurée.' };
      const check = await connector.check();
      return {
        reachable: check.reachable,
        authenticated: check.authenticated,
        message: check.message,
        ...(check.serverVersion ? { serverVersion: check.serverVersion } : {}),
      };
    },

    async listFolders({ profileId }) {
      return p.folders.list(profileId).map((f) => folderView(f, folderStatusOf(p, f)));
    },

    async addFolder({ profileId, path: folderPath, mode, exclusions }) {
      getProfile(profileId);
      const resolved = path.resolve(folderPath);
      let info;
      try {
        info = await stat(resolved);
      } catch {
        throw new UserError(
          `Le dossier « ${resolved} » est introuvable. Vérifiez le chemin ou que le partage réseau est bien connecté.`,
        );
      }
      if (!info.isDirectory()) throw new UserError(`« ${resolved} » n’est pas un dossier.`);
      if (p.folders.list(profileId).some((f) => path.resolve(f.path) === resolved))
        throw new UserError(`Le dossier « ${resolved} » est déjà surveillé pour cette commune.`);
      const within = (inner: string, outer: string) =>
        inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
      if (within(resolved, p.dataDir))
        throw new UserError('Ce dossier appartient à Sceau lui-même : choisissez un dossier de documents.');
      // Watching a folder that holds Sceau's data would seal its own vault and database, endlessly.
      if (within(p.dataDir, resolved))
        throw new UserError(
          'Ce dossier contient les données de Sceau (son coffre et sa base) : choisissez un dossier de documents qui ne les contient pas.',
        );
      const folder = p.folders.add({ profileId, path: resolved, mode, exclusions });
      await p.capture.addFolder(folder);
      return folderView(folder, folderStatusOf(p, folder));
    },

    async updateFolder({ id, mode, exclusions, enabled }) {
      const current = p.folders.get(id) ?? notFound('Dossier surveillé');
      const updated = p.folders.update(id, {
        ...(mode !== undefined ? { mode } : {}),
        ...(exclusions !== undefined ? { exclusions } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      await p.capture.removeFolder(current.id);
      if (updated.enabled) await p.capture.addFolder(updated);
      return folderView(updated, folderStatusOf(p, updated));
    },

    async removeFolder({ id }) {
      if (!p.folders.get(id)) notFound('Dossier surveillé');
      await p.capture.removeFolder(id);
      // Documents already sealed from it stay: only the watching stops. Files are never touched.
      p.folders.remove(id);
      return { removed: true };
    },

    async previewRules({ folderId, path: folderPath, rules }) {
      const folder = folderId ? (p.folders.get(folderId) ?? notFound('Dossier surveillé')) : null;
      const root = folder?.path ?? folderPath;
      if (!root) throw new UserError('Choisissez un dossier pour voir ce que les règles y lisent.');
      const profileRules = (folder ? (p.profiles.get(folder.profileId)?.rules ?? []) : []) as UserRule[];
      const userRules = (rules as UserRule[] | undefined) ?? profileRules;
      const files = await listSample(root, 200);
      const preview = previewActRules(
        files.map((f) => f.relative),
        userRules,
      ).rows;
      const rows: RulePreviewRow[] = [];
      for (const [i, f] of files.entries()) {
        const reading = preview[i] ?? readActMetadata(f.relative, userRules);
        let head = Buffer.alloc(0);
        try {
          const fh = await open(f.absolute, 'r');
          try {
            const buf = Buffer.alloc(4096);
            const { bytesRead } = await fh.read(buf, 0, 4096, 0);
            head = buf.subarray(0, bytesRead);
          } finally {
            await fh.close();
          }
        } catch {
          // Unreadable right now: the preview just shows no auto-archive verdict.
        }
        const auto = recogniseAutoArchived(path.basename(f.relative), head);
        rows.push({
          relativePath: f.relative,
          metadata: reading.metadata,
          missing: reading.missing,
          ruleName: reading.ruleName,
          role: reading.role,
          autoArchived: auto?.reason ?? null,
          ignored: isIgnoredName(path.basename(f.relative)),
        });
      }
      return rows;
    },

    async chooseFolder() {
      // The web host has no native dialog: the user types or pastes the path.
      return { path: null };
    },

    async intakePaths({ profileId, paths }) {
      getProfile(profileId);
      return intakeResult(await p.capture.intake(profileId, paths, 'drop'));
    },

    async intakeUploaded({ profileId, uploadIds }) {
      getProfile(profileId);
      const roots: string[] = [];
      for (const id of uploadIds) {
        if (!/^[0-9a-f-]{36}$/.test(id)) throw new UserError('Envoi de fichier inconnu.');
        const dir = path.join(p.inboxDir, id);
        const entries = await readdir(dir).catch(() => null);
        if (!entries) throw new UserError('Un fichier déposé n’a pas été reçu en entier : déposez-le à nouveau.');
        for (const e of entries) roots.push(path.join(dir, e));
      }
      const result = intakeResult(await p.capture.intake(profileId, roots, 'drop'));
      return {
        ...result,
        ignored: result.ignored.map((i) => ({
          ...i,
          path: isInside(i.path, p.inboxDir) ? uploadedName(i.path, p.inboxDir) : i.path,
        })),
      };
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
      return detail(getDoc(id));
    },

    async updateMetadata({ id, metadata, parentId }) {
      const d = getDoc(id);
      if (!METADATA_EDITABLE_STATES.includes(d.state))
        throw new UserError(
          'Ce document est en cours de versement ou déjà accepté : ses informations ne peuvent plus être modifiées.',
        );
      if (d.state === 'failed' && d.transferId && (p.transfers.get(d.transferId)?.attempts ?? 0) > 0)
        throw new UserError(
          'Ce document a peut-être déjà été reçu par l’archive : cliquez sur « Réessayer ». Vous pourrez corriger ses informations si l’archive le refuse.',
        );
      if (parentId) {
        const parent = getDoc(parentId);
        if (parent.profileId !== d.profileId || parent.id === d.id)
          throw new UserError('Une annexe ne peut être rattachée qu’à un acte de la même commune.');
      }
      const clean = Object.fromEntries(
        Object.entries(metadata).filter(([, v]) => v !== undefined && v !== ''),
      ) as DocumentRecord['metadata'];
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
      const verdict = metadataVerdict(updated.role, updated.metadata);
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
      return detail(getDoc(id));
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
          transition(p.db, p.journal, p.bus, id, settle(d));
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
        transition(p.db, p.journal, p.bus, id, settle(d), { data: { forced: true } });
        changed++;
      }
      return { changed };
    },

    async depositNow({ ids }) {
      const plan = p.deposit.plan(ids);
      // One commit for the whole request (the sync engine commits per transfer otherwise).
      p.db.transaction(() => p.sync.depositNow(plan.transferIds)).immediate();
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async depositTonight({ ids }) {
      const plan = p.deposit.plan(ids);
      p.sync.scheduleTonight(plan.transferIds);
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async depositFolder({ ids, title, tonight }) {
      const plan = p.deposit.planFolder(ids, title);
      if (tonight) p.sync.scheduleTonight(plan.transferIds);
      else p.sync.depositNow(plan.transferIds);
      return { queued: plan.queuedDocuments, problems: plan.problems };
    },

    async pauseSync() {
      p.sync.pause('user');
      return syncStatus();
    },

    async resumeSync() {
      p.sync.resume();
      return syncStatus();
    },

    async getSyncStatus() {
      return syncStatus();
    },

    async exportReceipt({ documentId }) {
      return exportReceiptFor(p, getDoc(documentId));
    },

    async exportEvidence({ documentId }) {
      return exportEvidenceFor(p, getDoc(documentId));
    },

    async openOriginal({ documentId }) {
      return exportOriginalFor(p, getDoc(documentId));
    },

    async verifyIntegrity(): Promise<IntegrityReport> {
      // The newest timestamped head must still be in the journal: a cut tail shows up too.
      const expectedHead = p.timestamps?.latestHead() ?? undefined;
      const result = await verifyJournal(p.db, p.vaultDir, expectedHead ? { expectedHead } : {});
      const tokens = p.timestamps?.verifyAll() ?? [];
      const at = new Date().toISOString();
      const formatted = formatIntegrityReport({
        journal: result.ok
          ? { ok: true, entries: result.entries, message: result.message }
          : { ok: false, entries: result.entries, message: result.message, seq: result.seq },
        tokens,
        headSeq: p.journal.head()?.seq ?? 0,
        pendingStamps: p.timestamps?.pendingCount() ?? 0,
        checkedAt: at,
      });
      const report: IntegrityReport = {
        ok: result.ok && formatted.ok,
        checkedEntries: result.entries,
        checkedFiles: result.ok ? result.documents : 0,
        message: result.ok ? formatted.title : result.message,
        lines: formatted.lines,
        ...(result.ok ? {} : { firstBroken: { seq: result.seq, problem: result.problem } }),
        at,
      };
      p.bus.emit({ type: 'journal.verified', ok: report.ok, message: report.message, at });
      return report;
    },

    async getSettings() {
      return settingsView();
    },

    async updateSettings(patch) {
      const { refused } = p.settings.update(patch);
      if (refused.length > 0) {
        const locked = p.settings.view().locked;
        const reasons = refused.map((k) => locked[k]).filter(Boolean);
        throw new UserError(
          `Réglage verrouillé par votre service informatique : ${refused.join(', ')}.${reasons.length ? ` ${reasons[0]}` : ''}`,
          'locked',
        );
      }
      p.sync.wake();
      return settingsView();
    },

    async setProxyPassword({ password }) {
      if ('proxy' in p.settings.view().locked)
        throw new UserError('Le proxy est réglé par votre service informatique.', 'locked');
      const account = accountFor('global', 'proxy-password');
      if (password === null || password === '') {
        await p.credentials.delete(account);
        return { stored: false };
      }
      await p.credentials.set(account, password);
      return { stored: true };
    },

    async exportDiagnostics() {
      return exportDiagnosticsZip(p);
    },

    async openExternal() {
      return { opened: false };
    },

    async searchClassification({ query, profileId }) {
      const own = profileId ? p.classifications.get(profileId) : null;
      const results = own ? searchClassification(query, 20, own.entries) : searchClassification(query);
      return {
        source: own ? ('prefecture' as const) : ('national' as const),
        results: results.map((c) => ({ code: c.code, label: c.label })),
      };
    },

    async getClassification({ profileId }) {
      getProfile(profileId);
      return classificationView(p.classifications.get(profileId));
    },

    async importClassification({ profileId, fileName, contentBase64 }) {
      getProfile(profileId);
      let list;
      try {
        list = parseClassificationFile(Buffer.from(contentBase64, 'base64'));
      } catch (e) {
        if (e instanceof ClassificationFileError) throw new UserError(e.message);
        throw e;
      }
      const stored = p.classifications.set(profileId, path.basename(fileName), list.date, list.entries);
      p.log('info', `classification imported for profile ${profileId}: ${list.entries.length} entries`);
      return classificationView(stored);
    },

    async resetClassification({ profileId }) {
      getProfile(profileId);
      p.classifications.clear(profileId);
      return classificationView(null);
    },
  };
}

/** Plain http is only accepted to this machine (a local test archive); the network gets TLS. */
function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}

/** Contract profile input → store input (labels default to empty, absent Vitam ids to null). */
function storeInput(profile: ParsedRequestOf<'createProfile'>['profile']): ProfileInput {
  return {
    ...profile,
    endpoints: profile.endpoints.map((e) => ({ url: e.url, label: e.label ?? '' })),
    vitamTenant: profile.vitamTenant ?? null,
    vitamContext: profile.vitamContext ?? null,
  };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `<inbox>/<upload id>/Délibérations/x.pdf` → `Délibérations/x.pdf` (the name as dropped). */
function uploadedName(file: string, inboxDir: string): string {
  return path.relative(inboxDir, file).split(path.sep).slice(1).join('/');
}

const REQUIRED_MESSAGE: Record<string, string> = {
  nature: 'Choisissez la nature de l’acte.',
  number: 'Indiquez le numéro de l’acte.',
  date: 'Indiquez la date de l’acte.',
  objet: 'Indiquez l’objet de l’acte.',
  classification: 'Choisissez la classification.',
};

/** What the form shows beside each field: missing ones first, then invalid ones. */
function validationOf(d: DocumentRecord, own: StoredClassification | null): { field: string; message: string }[] {
  const v = metadataVerdict(d.role, d.metadata);
  const out = [
    ...v.missing.map((field) => ({ field, message: REQUIRED_MESSAGE[field] ?? 'Champ à compléter.' })),
    ...v.problems.map((pr) => ({ field: pr.field, message: pr.message })),
  ];
  // Advice, not a block: the archive does not check the prefecture's list, but a code
  // outside it is most likely a typing error.
  const code = d.metadata.classification;
  if (own && code && !out.some((x) => x.field === 'classification') && !inClassificationList(code, own.entries)) {
    out.push({
      field: 'classification',
      message: `Attention : la classification « ${code} » ne figure pas dans la nomenclature de la préfecture importée pour cette commune.`,
    });
  }
  return out;
}

function transferLabel(p: EngineParts, transferId: string): string {
  const docs = p.documents.list({ transferId }, { limit: 50 }).items;
  const act = docs.find((d) => d.role === 'act' && !d.parentId) ?? docs[0];
  if (!act) return 'Versement';
  return act.metadata.objet ?? act.fileName;
}

function classificationView(stored: StoredClassification | null): ClassificationView {
  if (!stored)
    return { source: 'national', fileName: null, date: null, importedAt: null, count: CLASSIFICATION.length };
  return {
    source: 'prefecture',
    fileName: stored.fileName,
    date: stored.date,
    importedAt: stored.importedAt,
    count: stored.entries.length,
  };
}

function folderStatusOf(
  p: EngineParts,
  f: WatchedFolder,
): { effectiveMode: 'native' | 'polling'; status: FolderView['status']; message?: string } {
  const mode = p.capture.watchModeOf(f.id);
  if (mode) {
    const unreadable = p.capture.unreadableDirsOf(f.id);
    // Polled because native notifications failed: said, with why (capture/watcher.ts).
    const notice = p.capture.watchNoticeOf(f.id);
    if (unreadable.length === 0)
      return { effectiveMode: mode, status: 'watching', ...(notice ? { message: notice } : {}) };
    const message =
      unreadable.length === 1
        ? unreadable[0]!.message
        : `${unreadable.length} sous-dossiers sont illisibles ; leur contenu n’est pas versé. Vérifiez leurs droits : ${unreadable.map((u) => u.dir).join(', ')}.`;
    return { effectiveMode: mode, status: 'watching', message: notice ? `${notice} ${message}` : message };
  }
  return {
    effectiveMode: chooseWatchMode(f),
    status: f.enabled ? 'unavailable' : 'stopped',
    ...(f.enabled
      ? { message: 'Ce dossier n’est pas accessible pour l’instant (partage déconnecté ?). Sceau réessaiera.' }
      : {}),
  };
}

const INTAKE_REASONS: Record<string, string> = {
  ignored: 'Fichier temporaire ou de verrouillage : il n’est pas versé.',
  vanished: 'Le fichier a disparu avant d’être scellé.',
  cancelled: 'Dépôt interrompu : il reprendra au prochain démarrage.',
};

function intakeResult(report: IntakeReport): IntakeResult {
  const documentIds: string[] = [];
  const ignored: IntakeResult['ignored'] = [];
  for (const r of report.results) {
    if ('documentId' in r) {
      if (!documentIds.includes(r.documentId)) documentIds.push(r.documentId);
    } else if ('message' in r) ignored.push({ path: r.path, reason: r.message });
    else ignored.push({ path: r.path, reason: INTAKE_REASONS[r.kind] ?? 'Fichier non pris en compte.' });
  }
  // Paths that could not even be looked at (introuvable) are told too, not dropped silently.
  for (const e of report.errors)
    if (!ignored.some((i) => i.path === e.path)) ignored.push({ path: e.path, reason: e.message });
  return { accepted: report.created, documentIds, ignored };
}

async function listSample(root: string, max: number): Promise<{ relative: string; absolute: string }[]> {
  const out: { relative: string; absolute: string }[] = [];
  const walk = async (dir: string, depth: number) => {
    if (out.length >= max || depth > 6) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    for (const e of entries) {
      if (out.length >= max) return;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs, depth + 1);
      else if (e.isFile()) out.push({ relative: path.relative(root, abs).split(path.sep).join('/'), absolute: abs });
    }
  };
  try {
    await stat(root);
  } catch {
    throw new UserError(`Le dossier « ${root} » est introuvable.`);
  }
  await walk(root, 0);
  return out;
}

async function previewOf(vaultDir: string, d: DocumentRecord): Promise<DocumentDetail['preview']> {
  if (!d.vaultPath) return { kind: 'none' };
  const lower = d.fileName.toLowerCase();
  const file = vaultAbsolutePath(vaultDir, d.vaultPath);
  try {
    if (/\.(png|jpe?g|gif|webp)$/.test(lower) && d.size <= 4 * 1024 * 1024) {
      const mime = lower.endsWith('.png')
        ? 'image/png'
        : lower.endsWith('.gif')
          ? 'image/gif'
          : lower.endsWith('.webp')
            ? 'image/webp'
            : 'image/jpeg';
      const data = await readFile(file);
      return { kind: 'image', dataUrl: `data:${mime};base64,${data.toString('base64')}` };
    }
    if (lower.endsWith('.pdf')) {
      // Page count from the PDF's page tree, read cheaply (first and last 1 MiB).
      const data = await readFile(file);
      const text = data.subarray(0, Math.min(data.length, 8 * 1024 * 1024)).toString('latin1');
      const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
      return { kind: 'pdf', pages: counts.length ? Math.max(...counts) : null };
    }
  } catch {
    return { kind: 'none' };
  }
  return { kind: 'none' };
}

export { PROBLEM_STATES, chooseWatchMode };
