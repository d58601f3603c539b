import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';

export function demoArchiveCommand(setResult: (code: number) => void): Command {
  return new Command('demo-archive')
    .description('lancer l’archive de démonstration (as@lae / Vitam) en local : sceau demo-archive --port 8080')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption(false)
    .argument('[options...]', 'options de l’archive de démonstration (--port N, …)')
    .action(async (args: string[]) => {
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
