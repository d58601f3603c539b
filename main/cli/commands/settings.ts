// `sceau settings get|set`: the settings, with policy-locked keys refused.
import { Command } from 'commander';
import type { SetResult, WithContext } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { readBounded } from '../read-bounded';

/** A setting read from a file (a certificate's PEM is a few KiB; the largest setting takes 200,000 characters). */
const SETTING_FILE_MAX_BYTES = 1024 * 1024;

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
            let bytes: Buffer | null;
            try {
              bytes = readBounded(raw.slice(1), SETTING_FILE_MAX_BYTES);
            } catch {
              throw new CliError(`Fichier illisible : ${raw.slice(1)}`, EXIT.usage);
            }
            if (!bytes) throw new CliError(`Fichier trop volumineux : ${raw.slice(1)} (1 Mo au plus).`, EXIT.usage);
            value = bytes.toString('utf8');
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
