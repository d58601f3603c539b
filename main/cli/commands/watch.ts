import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context';
import { printEvent } from '../events';
import { CliError, EXIT } from '../exit-codes';
import { resolvePassword } from '../password';
import { providePassword, resolveProfile } from '../profiles';
import { onStopSignal } from '../signals';

type WithContext = (run: (ctx: CliContext) => Promise<number>) => Promise<number>;

export function watchCommand(withContext: WithContext, setResult: (code: number) => void): Command {
  return new Command('watch')
    .description('service au premier plan : surveille les dossiers et verse (arrêt propre sur SIGTERM/SIGINT)')
    .option('--profile <profil>', 'id, SIREN ou nom du profil')
    .option('--folder <chemin>', 'ajouter ce dossier à surveiller (répétable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--password-stdin', "lire le mot de passe de l'archive sur l'entrée standard")
    .action(async (opts: { profile?: string; folder: string[]; passwordStdin?: boolean }) => {
      setResult(
        await withContext(async (ctx) => {
          for (const f of opts.folder) {
            if (!existsSync(f) || !statSync(f).isDirectory()) throw new CliError(`Dossier introuvable : ${f}`, EXIT.usage);
          }
          const password = await resolvePassword(opts);
          const engine = await ctx.engine({ demo: true });
          const stop = onStopSignal();
          const unsubscribe = engine.bus.on((e) => printEvent(ctx.out, e));
          try {
            const profile = await resolveProfile(ctx, opts.profile);
            await providePassword(ctx, profile, password);
            const known = await ctx.call('listFolders', { profileId: profile.id });
            for (const f of opts.folder.map((p) => resolve(p))) {
              if (!known.some((k) => resolve(k.path) === f)) {
                const added = await ctx.call('addFolder', { profileId: profile.id, path: f });
                ctx.out.line(`Dossier surveillé ajouté : ${added.path}`);
              }
            }
            await engine.start();
            const folders = await ctx.call('listFolders', { profileId: profile.id });
            ctx.out.line(`Sceau surveille ${folders.length} dossier(s) pour ${profile.name}. Arrêt : Ctrl+C ou SIGTERM.`);
            if (ctx.out.json) ctx.out.jsonLine({ type: 'watch.ready', profileId: profile.id, folders: folders.map((f) => f.path) });
            ctx.log.info('watch started', { profileId: profile.id, folders: folders.length });
            const signal = await stop.promise;
            ctx.out.line(`Arrêt demandé (${signal}) : fin des envois en cours…`);
            ctx.log.info('watch stopping', { signal });
            return EXIT.ok; // a requested stop of a service is a success
          } finally {
            stop.dispose();
            await ctx.close();
            unsubscribe();
            ctx.out.clearBar();
          }
        }),
      );
    });
}
