// The application itself: version and keychain state, the integrity check of the journal
// and vault, the diagnostic report, and links (opened by the desktop host only).
import type { AppInfo, IntegrityReport } from '../../../contract/api';
import { verifyIntegrity } from '../../evidence/integrity';
import type { EngineParts } from '../../parts';
import { exportDiagnosticsZip, type DiagnosticsParts } from '../diagnostics';
import type { GroupHandlers } from './common';
import pkg from '../../../../package.json';

export type AppParts = DiagnosticsParts & Pick<EngineParts, 'db' | 'vaultDir' | 'journal' | 'timestamps' | 'bus'>;

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
  };
}
