// Passwords reach the CLI from the keychain (already stored), the environment
// (SCEAU_ARCHIVE_PASSWORD, for services) or stdin (--password-stdin). Never from an argument:
// arguments are visible to every local user in the process list and end up in shell history.
import { CliError, EXIT } from './exit-codes';

export const PASSWORD_ENV = 'SCEAU_ARCHIVE_PASSWORD';

/** No keychain on this machine (session mode): a password given to one command ends with it. */
export const SESSION_ONLY_WARNING =
  `Attention : aucun trousseau de clés n’est disponible, le mot de passe est gardé en mémoire pour cette exécution seulement ` +
  `et sera oublié à la fin de la commande. Pour les commandes suivantes, donnez-le par ${PASSWORD_ENV} ou --password-stdin, ` +
  `ou faites activer un trousseau (GNOME Keyring ou KWallet sous Linux).`;

/** Refuses any attempt to pass a password as an argument, before commander parses. */
export function refusePasswordArgument(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    if (/^--?(password|passwd|mot-de-passe|pass)(=|$)/i.test(arg)) {
      throw new CliError(
        `Refusé : un mot de passe ne se passe jamais en argument (il serait visible de tous dans la liste des processus).\n` +
          `Utilisez la variable d’environnement ${PASSWORD_ENV}, l’option --password-stdin, ou le trousseau du système.`,
        EXIT.usage,
      );
    }
  }
}

export async function readStdinPassword(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  // Only the first line counts; `echo pw |` adds a newline that is not part of it.
  const text = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (text.length === 0)
    throw new CliError('Aucun mot de passe reçu sur l’entrée standard (--password-stdin).', EXIT.usage);
  return text;
}

/** Password from stdin (if asked) or the environment; undefined = use the keychain. */
export async function resolvePassword(
  options: { passwordStdin?: boolean },
  env = process.env,
): Promise<string | undefined> {
  if (options.passwordStdin) return readStdinPassword();
  const fromEnv = env[PASSWORD_ENV];
  return fromEnv && fromEnv.length > 0 ? fromEnv : undefined;
}
