// `sceau`: the headless face of Sceau for the IT staff (servers, scripts, services).
// main() never calls process.exit: it returns the exit code, so bin/sceau.mjs and tests
// decide, and the engine always gets to close its database.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help, Option } from 'commander';
import pkg from '../../package.json';
import { createContext, type CliContext, type GlobalOptions } from './context';
import { depositCommand } from './commands/deposit';
import { demoArchiveCommand } from './commands/demo-archive';
import { metadataCommand } from './commands/metadata';
import { profileCommand } from './commands/profile';
import { diagnosticsCommand } from './commands/diagnostics';
import { exportCommand } from './commands/export';
import { settingsCommand } from './commands/settings';
import { statusCommand } from './commands/status';
import { verifyCommand } from './commands/verify';
import { watchCommand } from './commands/watch';
import { CliError, EXIT, EXIT_HELP } from './exit-codes';
import { refusePasswordArgument } from './password';
import { printableLines } from './output';
import { quietOnClosedPipe } from './stdio';
import { systemErrorMessage } from '../core/system-errors';

// Inlined by the bundler; read by run.ts's JSON hook when running from source.
const VERSION: string = pkg.version;

const TRANSLATIONS: Array<[RegExp, string]> = [
  [/^error: unknown option '(.+)'.*$/s, 'option inconnue « $1 »'],
  [/^error: unknown command '(.+)'.*$/s, 'commande inconnue « $1 » (voir sceau --help)'],
  [/^error: missing required argument '(.+)'.*$/s, 'argument obligatoire manquant « $1 »'],
  [/^error: required option '(.+)' not specified.*$/s, 'option obligatoire manquante « $1 »'],
  [
    /^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\.\s*$/s,
    'option « $1 » : valeur « $2 » invalide (valeurs permises : $3)',
  ],
  [/^error: option '(.+)' argument missing.*$/s, 'option « $1 » : valeur manquante'],
  [/^error: too many arguments.*$/s, 'trop d’arguments'],
];

function translate(message: string): string {
  const trimmed = message.trim();
  for (const [pattern, fr] of TRANSLATIONS)
    if (pattern.test(trimmed)) return `Erreur : ${trimmed.replace(pattern, fr)}.\n`;
  return message;
}

function frenchHelp(cmd: Command, helper: Help): string {
  return (
    Help.prototype.formatHelp
      .call(helper, cmd, helper)
      .replace(/^Usage:/m, 'Utilisation :')
      .replace(/^Options:/m, 'Options :')
      .replace(/^Commands:/m, 'Commandes :')
      .replace(/^Arguments:/m, 'Arguments :')
      // Commander may wrap right after the colon: keep whatever whitespace followed it.
      .replace(/\bdefault:(\s)/g, 'défaut :$1')
      .replace(/\bchoices:(\s)/g, 'valeurs :$1')
      .replace(/\[command\]/g, '[commande]')
      .replace(/\[options\]/g, '[options]')
  );
}

export function buildProgram(setResult: (code: number) => void, stderr: (s: string) => void): Command {
  const program = new Command('sceau');
  const withContext = async (run: (ctx: CliContext) => Promise<number>): Promise<number> => {
    let ctx: CliContext | null = null;
    try {
      ctx = createContext(program.opts<GlobalOptions>());
      return await run(ctx);
    } catch (error) {
      if (error instanceof CliError) {
        stderr(`${printableLines(error.message)}\n`);
        ctx?.log.warn('command failed', { message: error.message, exitCode: error.exitCode });
        return error.exitCode;
      }
      ctx?.log.error('unexpected CLI error', { error });
      stderr(`${unexpectedMessage(error)}\n`);
      return EXIT.error;
    } finally {
      await ctx?.close();
    }
  };

  program
    .description('Sceau — versement des actes dans l’archive électronique, en ligne de commande')
    .version(VERSION, '-V, --version', 'afficher la version')
    .helpOption('-h, --help', 'afficher l’aide')
    .helpCommand('help [commande]', 'aide sur une commande')
    .option('--data-dir <dossier>', 'dossier des données (défaut : celui de l’application de bureau)')
    .option('--json', 'sortie JSON pour les scripts')
    .addOption(
      new Option('--log-level <niveau>', 'niveau du journal technique')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .addOption(
      new Option('--credentials <mode>', 'où garder les mots de passe')
        .choices(['keychain', 'session', 'auto'])
        .default('auto'),
    )
    .addHelpText(
      'after',
      `\nMots de passe : jamais en argument. Trousseau du système, variable SCEAU_ARCHIVE_PASSWORD, ou --password-stdin.\n\n${EXIT_HELP}\n`,
    )
    .configureHelp({ formatHelp: frenchHelp })
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => stderr(printableLines(translate(s))) });

  const sub = [
    profileCommand(withContext, setResult),
    watchCommand(withContext, setResult),
    depositCommand(withContext, setResult),
    metadataCommand(withContext, setResult),
    statusCommand(withContext, setResult),
    verifyCommand(withContext, setResult),
    exportCommand(withContext, setResult),
    settingsCommand(withContext, setResult),
    diagnosticsCommand(withContext, setResult, VERSION),
    demoArchiveCommand(setResult),
  ];
  for (const cmd of sub) {
    program.addCommand(cmd);
    for (const c of [cmd, ...cmd.commands]) {
      c.exitOverride()
        .configureOutput({ writeErr: (s) => stderr(printableLines(translate(s))) })
        .configureHelp({ formatHelp: frenchHelp });
      c.helpOption('-h, --help', 'afficher l’aide');
      // Commands with sub-commands get commander's implicit `help`: in French too.
      if (c.commands.length > 0) c.helpCommand('help [commande]', 'aide sur une commande');
    }
  }
  return program;
}

export async function main(argv: string[], io: { stderr?: (s: string) => void } = {}): Promise<number> {
  const stderr = io.stderr ?? ((s: string) => void process.stderr.write(s));
  quietOnClosedPipe();
  let result: number | null = null;
  try {
    refusePasswordArgument(argv);
    const program = buildProgram((code) => (result = code), stderr);
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    if (result === null) {
      // Only global options, no command: same as no argument at all.
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    return result;
  } catch (error) {
    if (error instanceof CliError) {
      stderr(`${printableLines(error.message)}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // `commander.help` with a non-zero code: help shown because no command was given.
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return EXIT.usage;
    }
    stderr(`${unexpectedMessage(error)}\n`);
    return EXIT.error;
  }
}

/** What the user reads for an error nobody caught: a system error in French, else its message. */
function unexpectedMessage(error: unknown): string {
  // A message may repeat a name (an argument, a file): no escape sequence reaches the terminal.
  const system = systemErrorMessage(error);
  return printableLines(
    system ? `Erreur : ${system}.` : `Erreur inattendue : ${(error as Error).message ?? String(error)}`,
  );
}

/** True when this module is the script Node was started with (`node dist/cli/sceau.mjs`). */
function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script || !moduleUrl.startsWith('file:')) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

// The built bundle runs by itself too; bin/sceau.mjs and run.ts import main() instead.
if (isEntryPoint(import.meta.url)) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
