// The application itself: version and keychain state, the integrity check of the journal
// and vault, the diagnostic report, and links (opened by the desktop host only).
import type { AppInfo, IntegrityReport } from '../../../contract/api';
import { formatIntegrityReport } from '../../evidence/verify-report';
import { verifyJournal } from '../../seal/verify';
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

    async exportDiagnostics() {
      return exportDiagnosticsZip(p);
    },

    async openExternal() {
      return { opened: false };
    },
  };
}
