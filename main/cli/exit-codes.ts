// Exit codes are a contract with the IT staff's scripts: documented in docs/deploiement.md
// and in `sceau --help`. Never renumber.
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  unreachable: 3,
  integrity: 4,
  rejected: 5,
  unstamped: 6,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_HELP = `Codes de sortie :
  0    succès
  1    erreur
  2    commande ou données invalides
  3    archive injoignable
  4    intégrité rompue (sceau verify)
  5    versement rejeté par l’archive (avec --wait)
  6    journal intègre mais non horodaté : aucune autorité d’horodatage configurée (sceau verify)
  130  interrompu (Ctrl+C / SIGTERM pendant un versement)`;

/** An error the CLI reports in French with a definite exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = EXIT.error) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'CliError';
  }
}
