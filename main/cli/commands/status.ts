// `sceau status`: deposit states for people and, with --json, a stable schema for scripts.
import { Command } from 'commander';
import type { DocumentSummary } from '../../contract/api';
import { DOCUMENT_STATES, type DocumentState } from '../../contract/types';
import type { SetResult, WithContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { printable } from '../output';
import { resolveProfile } from '../profiles';

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
          };
          if (ctx.out.json) {
            ctx.out.data(status);
            return EXIT.ok;
          }
          ctx.out.line(
            `Synchronisation : ${sync.paused ? `en pause (${sync.reason ?? '?'})` : 'active'} — ${sync.pendingCount} en attente`,
          );
          const nonZero = DOCUMENT_STATES.filter((s) => counts[s] > 0);
          ctx.out.line(nonZero.length ? nonZero.map((s) => `${s} : ${counts[s]}`).join(', ') : 'Aucun document.');
          for (const d of documents.slice(0, 50))
            ctx.out.line(
              `  ${d.state.padEnd(22)} ${printable(d.relativePath || d.fileName)}${d.reason ? ` — ${d.reason}` : ''}`,
            );
          if (documents.length > 50) ctx.out.line(`  … ${documents.length - 50} autre(s) (voir --json)`);
          return EXIT.ok;
        }),
      );
    });
}
