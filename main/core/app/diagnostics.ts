// « Exporter un rapport de diagnostic »: logs, versions and anonymised settings in one zip.
import path from 'node:path';
import type { ExportRef } from '../../contract/api';
import { exportDiagnostics } from '../diagnostics';
import type { EngineParts } from '../parts';
import pkg from '../../../package.json';

export type DiagnosticsParts = Pick<
  EngineParts,
  'exports' | 'dataDir' | 'settings' | 'profiles' | 'keychain' | 'documents' | 'hostVersions' | 'policy'
>;

export async function exportDiagnosticsZip(p: DiagnosticsParts): Promise<ExportRef> {
  const slot = p.exports.newSlot();
  const file = await exportDiagnostics({
    dataDir: p.dataDir,
    outDir: slot.dir,
    appVersion: pkg.version,
    settings: p.settings.view(),
    profiles: p.profiles
      .list()
      .map((pr) => ({ ...pr, tls: { custom: Boolean(pr.tls.caPem), pins: pr.tls.spkiPins?.length ?? 0 } })),
    extra: { keychain: p.keychain.kind, counts: p.documents.countByState({}) },
    hostVersions: p.hostVersions,
    policy: { sources: p.policy.sources, locked: p.policy.locked, error: p.policy.error },
  });
  const fileName = path.basename(file);
  p.exports.register(slot.id, { path: file, fileName });
  return { exportId: slot.id, fileName };
}
