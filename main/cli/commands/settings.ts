// `sceau settings get|set`: the settings, with policy-locked keys refused.
import { Command } from 'commander';
import type { SetResult, WithContext } from '../context';
import { EXIT } from '../exit-codes';

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
    .argument('<valeur>', 'valeur JSON (true, 512, "texte", {…}) ou texte')
    .action(async (key: string, value: string) => {
      setResult(
        await withContext(async (ctx) => {
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
