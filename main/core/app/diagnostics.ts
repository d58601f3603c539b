// « Exporter un rapport de diagnostic »: logs, versions and anonymised settings in one zip.
import path from 'node:path';
import type { ExportRef } from '../../contract/api';
import { exportDiagnostics } from '../diagnostics';
import type { EngineParts } from '../engine';
import pkg from '../../../package.json';

export async function exportDiagnosticsZip(p: EngineParts): Promise<ExportRef> {
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
