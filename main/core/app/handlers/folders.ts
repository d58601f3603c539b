// Watched folders: add, change, remove, and preview what the naming rules read in one.
import path from 'node:path';
import type { FolderView, RulePreviewRow } from '../../../contract/api';
import { previewRules as previewActRules, readActMetadata, recogniseAutoArchived, type UserRule } from '../../acts';
import { UserError } from '../../api/dispatch';
import { isIgnoredName } from '../../capture/ignore';
import { chooseWatchMode } from '../../capture/watcher';
import type { WatchedFolder } from '../../store/watched-folders';
import type { EngineParts } from '../../parts';
import { checkWatchableFolder, realPathOf } from '../folder-check';
import { folderView } from '../views';
import { countsByFolder } from '../../store/document-counts';
import { notFound, profileOf, type GroupHandlers } from './common';
import { listSample, readHead } from './file-preview';

export type FolderParts = Pick<EngineParts, 'db' | 'profiles' | 'folders' | 'capture' | 'dataDir' | 'fileAccess'>;

export function folderHandlers(p: FolderParts): GroupHandlers<'folders'> {
  return {
    async listFolders({ profileId }) {
      const activity = countsByFolder(p.db);
      return p.folders.list(profileId).map((f) => folderView(f, folderStatusOf(p, f), activity.get(f.id)));
    },

    async addFolder({ profileId, path: folderPath, mode, exclusions }) {
      profileOf(p, profileId);
      // The assistant's check, with the same French words (exists, folder, readable, allowed).
      const check = await checkWatchableFolder(p, folderPath);
      if (!check.ok)
        throw new UserError(
          check.message ?? 'Ce dossier ne peut pas être surveillé.',
          check.forbidden ? 'forbidden' : 'user',
        );
      const resolved = check.path;
      // The same folder under another name (a link) would be sealed twice.
      const real = await realPathOf(resolved);
      const watched = await Promise.all(p.folders.list(profileId).map((f) => realPathOf(path.resolve(f.path))));
      if (watched.includes(real) || p.folders.list(profileId).some((f) => path.resolve(f.path) === resolved))
        throw new UserError(`Le dossier « ${resolved} » est déjà surveillé pour cette commune.`);
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
      return folderView(updated, folderStatusOf(p, updated), countsByFolder(p.db).get(updated.id));
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
      if (!folder) p.fileAccess.checkBrowse(root);
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
        // Unreadable right now: the preview just shows no auto-archive verdict.
        const auto = recogniseAutoArchived(path.basename(f.relative), await readHead(f.absolute));
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

    async checkFolder({ path: typed }) {
      const { ok, path: resolved, message } = await checkWatchableFolder(p, typed);
      return { ok, path: resolved, message };
    },

    async chooseFolder() {
      // The web host has no native dialog: the user types or pastes the path.
      return { path: null };
    },
  };
}

function folderStatusOf(
  p: Pick<EngineParts, 'capture'>,
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
      ? { message: 'Ce dossier n’est pas accessible pour l’instant (partage déconnecté ?). Sceau réessiera.' }
      : {}),
  };
}
