// `sceau verify`: the journal and vault integrity check (exit code 4 when broken).
import { Command } from 'commander';
import type { SetResult, WithContext } from '../context';
import { EXIT } from '../exit-codes';

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
          return report.ok ? EXIT.ok : EXIT.integrity;
        }),
      );
    });
}
