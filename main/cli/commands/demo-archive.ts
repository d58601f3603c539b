import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';

interface DemoArchiveOptions {
  port?: string;
  data?: string;
  pendingMs?: string;
}

export function demoArchiveCommand(setResult: (code: number) => void): Command {
  return new Command('demo-archive')
    .description('lancer l’archive de démonstration (as@lae / Vitam) en local : sceau demo-archive --port 8080')
    .option('--port <n>', 'port d’écoute (défaut : 8787 ; 0 : un port libre)')
    .option('--data <dossier>', 'dossier des données de l’archive (défaut : ~/.sceau-demo-archive)')
    .option('--pending-ms <ms>', 'délai avant la réponse de l’archive, en millisecondes (défaut : 3000)')
    .action(async (opts: DemoArchiveOptions) => {
      const args = [
        ...(opts.port !== undefined ? ['--port', opts.port] : []),
        ...(opts.data !== undefined ? ['--data', opts.data] : []),
        ...(opts.pendingMs !== undefined ? ['--pending-ms', opts.pendingMs] : []),
      ];
      let mod: { runDemoArchive?: (argv: string[]) => Promise<number | void> };
      try {
        mod = (await import('../../demo-archive/cli')) as typeof mod;
      } catch (error) {
        throw new CliError(
          `L’archive de démonstration n’est pas disponible dans cette version (${(error as Error).message}).`,
          EXIT.error,
        );
      }
      if (typeof mod.runDemoArchive !== 'function')
        throw new CliError('L’archive de démonstration n’est pas disponible dans cette version.', EXIT.error);
      try {
        const code = await mod.runDemoArchive(args);
        setResult(typeof code === 'number' ? code : EXIT.ok);
      } catch (error) {
        const message = (error as Error).message;
        throw new CliError(message, /invalide/i.test(message) ? EXIT.usage : EXIT.error);
      }
    });
}
