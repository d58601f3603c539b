// The application itself: version and keychain state, the integrity check of the journal
// and vault, the diagnostic report, and links (opened by the desktop host only).
import type { AppInfo, IntegrityReport } from '../../../contract/api';
import { verifyIntegrity } from '../../evidence/integrity';
import type { EngineParts } from '../../parts';
import { exportDiagnosticsZip, type DiagnosticsParts } from '../diagnostics';
import { notFound, type GroupHandlers } from './common';
import { timestampStatusView } from '../timestamp-health';
import pkg from '../../../../package.json';

export type AppParts = DiagnosticsParts &
  Pick<EngineParts, 'db' | 'vaultDir' | 'journal' | 'timestamps' | 'bus' | 'folders'>;

/** The folder « Ouvrir le dossier » names: the data folder, or a watched folder by its id. */
export function folderToOpen(p: Pick<EngineParts, 'dataDir' | 'folders'>, folderId: string | undefined): string {
  if (!folderId) return p.dataDir;
  return (p.folders.get(folderId) ?? notFound('Dossier surveillé')).path;
}

export function diagnosticsHandlers(p: AppParts): GroupHandlers<'diagnostics'> {
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

    async verifyIntegrity(): Promise<IntegrityReport> {
      return verifyIntegrity(p);
    },

    async exportDiagnostics() {
      return exportDiagnosticsZip(p);
    },

    async openExternal() {
      return { opened: false };
    },

    async openFolder({ folderId }) {
      // A browser cannot open a folder: the web host answers the path, shown with « Copier ».
      return { opened: false, path: folderToOpen(p, folderId) };
    },

    async getTimestampStatus() {
      return timestampStatusView(p);
    },
  };
}
