// `sceau diagnostics`: an anonymised diagnostic zip (never a password).
import { resolve } from 'node:path';
import { Command } from 'commander';
import { exportDiagnostics } from '../../core/diagnostics';
import type { SetResult, WithContext } from '../context';
import { EXIT } from '../exit-codes';

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
