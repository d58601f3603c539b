// « Exporter un rapport de diagnostic » : one zip the town hall can e-mail to its IT staff.
// Contents: logs (already redacted, redacted again), versions, anonymised settings/profiles,
// policy status. Never the database, the vault, or anything from the keychain.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { arch, platform, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { logsDir } from '../paths';
import { Redactor } from '../logging/redact';
import { anonymise } from './anonymise';

export interface DiagnosticsInput {
  dataDir: string;
  /** Where the zip goes; defaults to <dataDir>/exports. */
  outDir?: string;
  appVersion: string;
  /** Versions the host knows and the core does not (desktop shell, its browser engine…). */
  hostVersions?: Record<string, string>;
  settings?: unknown;
  profiles?: unknown;
  policy?: { sources: string[]; locked: Record<string, string>; error: string | null } | null;
  /** Extra facts from the host (keychain kind, watcher mode, counts…). */
  extra?: Record<string, unknown>;
  redactor?: Redactor;
  now?: Date;
}

export interface VersionsInfo {
  app: string;
  node: string;
  /** Given by the host that runs the core; empty for the CLI and the web host. */
  host: Record<string, string>;
  os: { platform: string; type: string; release: string; arch: string; memoryMiB: number };
}

export function collectVersions(appVersion: string, hostVersions: Record<string, string> = {}): VersionsInfo {
  return {
    app: appVersion,
    node: process.versions.node,
    host: { ...hostVersions },
    os: {
      platform: platform(),
      type: osType(),
      release: release(),
      arch: arch(),
      memoryMiB: Math.round(totalmem() / 1048576),
    },
  };
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** Writes the zip and resolves its absolute path. */
export async function exportDiagnostics(input: DiagnosticsInput): Promise<string> {
  const redactor = input.redactor ?? new Redactor();
  const outDir = input.outDir ?? join(input.dataDir, 'exports');
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, `sceau-diagnostic-${stamp(input.now ?? new Date())}.zip`);
  const zip = new yazl.ZipFile();
  const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');

  zip.addBuffer(json(collectVersions(input.appVersion, input.hostVersions)), 'versions.json');
  zip.addBuffer(json(anonymise(input.settings ?? null, redactor)), 'reglages.json');
  zip.addBuffer(json(anonymise(input.profiles ?? [], redactor)), 'profils.json');
  zip.addBuffer(
    json(input.policy ? anonymise(input.policy, redactor) : { sources: [], locked: {}, error: null }),
    'politique.json',
  );
  if (input.extra) zip.addBuffer(json(anonymise(input.extra, redactor)), 'environnement.json');

  const dir = logsDir(input.dataDir);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .sort()
    : [];
  for (const file of files) {
    const path = join(dir, file);
    if (!statSync(path).isFile()) continue;
    // Written redacted already; a second pass catches secrets registered since.
    zip.addBuffer(Buffer.from(redactor.redactText(readFileSync(path, 'utf8')), 'utf8'), `journaux/${file}`);
  }
  zip.addBuffer(
    Buffer.from(
      'Rapport de diagnostic Sceau.\nContient : journaux techniques, versions, réglages et profils anonymisés.\n' +
        'Ne contient pas : documents, base de données, mots de passe, identifiants de connexion.\n',
      'utf8',
    ),
    'LISEZMOI.txt',
  );
  zip.end();

  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(target, { mode: 0o600 });
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
  return target;
}
