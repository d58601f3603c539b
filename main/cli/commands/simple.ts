// Short commands: status, verify, export, settings, diagnostics.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { DOCUMENT_STATES, type DocumentState } from '../../contract/types';
import { exportDiagnostics } from '../../core/diagnostics';
import type { TimestampStatus } from '../../core/app/timestamps';
import type { DocumentSummary } from '../../contract/api';
import type { CliContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { resolveProfile } from '../profiles';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;
type SetResult = (code: number) => void;

/** `sceau status --json` — stable for scripts; bump `schema` on any breaking change. */
export interface StatusJson {
  schema: 'sceau.status/1';
  generatedAt: string;
  dataDir: string;
  policy: { sources: string[]; error: string | null };
  sync: { paused: boolean; reason: string | null; online: boolean; pendingCount: number };
  profiles: { id: string; name: string; siren: string; archiveKind: string }[];
  counts: Record<DocumentState, number>;
  total: number;
  documents: Pick<
    DocumentSummary,
    'id' | 'profileId' | 'fileName' | 'relativePath' | 'state' | 'reason' | 'transferId' | 'updatedAt'
  >[];
  /** Loud when off: without a TSA the journal has no probative value. */
  timestamps: TimestampStatus | null;
}

export function statusCommand(withContext: WithContext, setResult: SetResult): Command {
  return new Command('status')
    .description('état des versements (avec --json : schéma stable « sceau.status/1 »)')
    .option('--profile <profil>', 'limiter à un profil')
    .option('--limit <n>', 'nombre maximal de documents listés', '1000')
    .action(async (opts: { profile?: string; limit: string }) => {
      setResult(
        await withContext(async (ctx) => {
          const limit = Number(opts.limit);
          if (!Number.isInteger(limit) || limit < 0)
            throw new CliError('--limit : un entier positif est attendu.', EXIT.usage);
          const profiles = await ctx.call('listProfiles', {});
          const profileId = opts.profile !== undefined ? (await resolveProfile(ctx, opts.profile)).id : undefined;
          const raw = await ctx.call('countDocuments', profileId ? { profileId } : {});
          const counts = Object.fromEntries(DOCUMENT_STATES.map((s) => [s, raw[s] ?? 0])) as Record<
            DocumentState,
            number
          >;
          const sync = await ctx.call('getSyncStatus', {});
          const documents: StatusJson['documents'] = [];
          let total = 0;
          for (let offset = 0; documents.length < limit;) {
            const page = await ctx.call('listDocuments', {
              ...(profileId ? { profileId } : {}),
              offset,
              limit: Math.min(1000, limit - documents.length),
              sort: 'problems-first',
            });
            total = page.total;
            for (const d of page.rows) {
              documents.push({
                id: d.id,
                profileId: d.profileId,
                fileName: d.fileName,
                relativePath: d.relativePath,
                state: d.state,
                reason: d.reason,
                transferId: d.transferId,
                updatedAt: d.updatedAt,
              });
            }
            offset += page.rows.length;
            if (page.rows.length === 0 || offset >= page.total) break;
          }
          const status: StatusJson = {
            schema: 'sceau.status/1',
            generatedAt: new Date().toISOString(),
            dataDir: ctx.dataDir,
            policy: { sources: ctx.policy.sources, error: ctx.policy.error },
            sync: { paused: sync.paused, reason: sync.reason, online: sync.online, pendingCount: sync.pendingCount },
            profiles: profiles.map((p) => ({ id: p.id, name: p.name, siren: p.siren, archiveKind: p.archiveKind })),
            counts,
            total: Math.max(
              total,
              Object.values(counts).reduce((a, b) => a + b, 0),
            ),
            documents,
            timestamps: (await ctx.engine()).parts.timestamps?.status() ?? null,
          };
          if (ctx.out.json) {
            ctx.out.data(status);
            return EXIT.ok;
          }
          ctx.out.line(
            `Synchronisation : ${sync.paused ? `en pause (${sync.reason ?? '?'})` : 'active'} — ${sync.pendingCount} en attente`,
          );
          if (status.timestamps) ctx.out.line(status.timestamps.message);
          const nonZero = DOCUMENT_STATES.filter((s) => counts[s] > 0);
          ctx.out.line(nonZero.length ? nonZero.map((s) => `${s} : ${counts[s]}`).join(', ') : 'Aucun document.');
          for (const d of documents.slice(0, 50))
            ctx.out.line(`  ${d.state.padEnd(22)} ${d.relativePath || d.fileName}${d.reason ? ` — ${d.reason}` : ''}`);
          if (documents.length > 50) ctx.out.line(`  … ${documents.length - 50} autre(s) (voir --json)`);
          return EXIT.ok;
        }),
      );
    });
}

export function verifyCommand(withContext: WithContext, setResult: SetResult): Command {
  return new Command('verify')
    .description('vérifier l’intégrité du journal et du coffre (code 4 si rompue)')
    .action(async () => {
      setResult(
        await withContext(async (ctx) => {
          const report = await ctx.call('verifyIntegrity', {});
          if (ctx.out.json) ctx.out.data(report);
          else {
            const head = report.ok ? 'Intégrité vérifiée' : 'INTÉGRITÉ ROMPUE';
            // The engine's message may already say it: no « Intégrité vérifiée : Intégrité vérifiée… ».
            ctx.out.line(report.ok && report.message.startsWith(head) ? report.message : `${head} : ${report.message}`);
            ctx.out.line(
              `${report.checkedEntries} entrée(s) de journal, ${report.checkedFiles} fichier(s) contrôlé(s).`,
            );
            for (const l of report.lines ?? [])
              ctx.out.line(
                `  ${l.level === 'ok' ? 'ok       ' : l.level === 'warning' ? 'attention' : 'ERREUR   '} ${l.text}`,
              );
            if (report.firstBroken)
              ctx.out.line(`Première anomalie : entrée ${report.firstBroken.seq} — ${report.firstBroken.problem}`);
          }
          if (report.ok && report.unstamped) {
            if (!ctx.out.json)
              ctx.out.line(
                'NON HORODATÉ : aucune autorité d’horodatage n’est configurée ; sans jeton, le journal n’a pas de valeur probante (code 6).',
              );
            return EXIT.unstamped;
          }
          return report.ok ? EXIT.ok : EXIT.integrity;
        }),
      );
    });
}

async function saveExport(ctx: CliContext, exportId: string, outDir: string): Promise<string> {
  const resolved = (await ctx.engine()).resolveExport(exportId);
  if (!resolved) throw new CliError('L’export a échoué : fichier introuvable.', EXIT.error);
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, resolved.fileName);
  copyFileSync(resolved.path, target);
  return target;
}

export function exportCommand(withContext: WithContext, setResult: SetResult): Command {
  return new Command('export')
    .description('exporter le paquet de preuve d’un document')
    .argument('<documentId>', 'identifiant du document (voir sceau status)')
    .option('--out <dossier>', 'dossier de destination', '.')
    .option('--receipt', 'exporter l’attestation PDF au lieu du paquet de preuve')
    .action(async (documentId: string, opts: { out: string; receipt?: boolean }) => {
      setResult(
        await withContext(async (ctx) => {
          const outDir = resolve(opts.out);
          if (existsSync(outDir) && !statSync(outDir).isDirectory())
            throw new CliError(`--out doit être un dossier : ${outDir}`, EXIT.usage);
          const ref = opts.receipt
            ? await ctx.call('exportReceipt', { documentId })
            : await ctx.call('exportEvidence', { documentId });
          const path = await saveExport(ctx, ref.exportId, outDir);
          if (ctx.out.json) ctx.out.data({ path, fileName: ref.fileName });
          else ctx.out.line(`Exporté : ${path}`);
          return EXIT.ok;
        }),
      );
    });
}

export function settingsCommand(withContext: WithContext, setResult: SetResult): Command {
  const settings = new Command('settings').description(
    'lire ou modifier les réglages (les clés verrouillées par la politique sont refusées)',
  );
  settings
    .command('get', { isDefault: true })
    .description('afficher les réglages')
    .action(async () => {
      setResult(
        await withContext(async (ctx) => {
          const view = await ctx.call('getSettings', {});
          if (ctx.out.json) ctx.out.data(view);
          else {
            for (const [k, v] of Object.entries(view.values))
              ctx.out.line(`${k} = ${JSON.stringify(v)}${view.locked[k] ? '  (verrouillé)' : ''}`);
            if (view.policyError) ctx.out.line(`Politique : ${view.policyError}`);
          }
          return EXIT.ok;
        }),
      );
    });
  settings
    .command('set')
    .description('modifier un réglage : sceau settings set bandwidthLimitKbps 512')
    .argument('<clé>')
    .argument('<valeur>', 'valeur JSON (true, 512, "texte", {…}), texte, ou @fichier (ex. un certificat PEM)')
    // A PEM starts with « ----- »: it is a value, not an option.
    .allowUnknownOption()
    .action(async (key: string, raw: string) => {
      setResult(
        await withContext(async (ctx) => {
          let value = raw;
          if (raw.startsWith('@')) {
            try {
              value = readFileSync(raw.slice(1), 'utf8');
            } catch {
              throw new CliError(`Fichier illisible : ${raw.slice(1)}`, EXIT.usage);
            }
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(value);
          } catch {
            parsed = value;
          }
          const view = await ctx.call('updateSettings', { [key]: parsed });
          if (ctx.out.json) ctx.out.data(view);
          else ctx.out.line(`${key} = ${JSON.stringify((view.values as Record<string, unknown>)[key])}`);
          return EXIT.ok;
        }),
      );
    });
  return settings;
}

export function diagnosticsCommand(withContext: WithContext, setResult: SetResult, appVersion: string): Command {
  return new Command('diagnostics')
    .description('exporter un rapport de diagnostic (zip anonymisé, sans mot de passe)')
    .option('--out <dossier>', 'dossier de destination', '.')
    .action(async (opts: { out: string }) => {
      setResult(
        await withContext(async (ctx) => {
          let settings: unknown = null;
          let profiles: unknown = [];
          try {
            settings = await ctx.call('getSettings', {});
            profiles = await ctx.call('listProfiles', {});
          } catch (error) {
            ctx.log.warn('diagnostics without engine data', { error }); // a broken DB is a reason to send a report
          }
          const path = await exportDiagnostics({
            dataDir: ctx.dataDir,
            outDir: resolve(opts.out),
            appVersion,
            settings,
            profiles,
            policy: ctx.policy,
          });
          if (ctx.out.json) ctx.out.data({ path });
          else ctx.out.line(`Rapport de diagnostic : ${path}`);
          return EXIT.ok;
        }),
      );
    });
}
