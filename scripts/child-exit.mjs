// How `npm start` ends: it takes its child's fate. A child killed by a signal or exiting with an
// error is told in French and fails the command; only a stop we asked for (Ctrl+C) is clean.
import { constants } from 'node:os';

const SIGNAL_MEANING = {
  SIGSEGV:
    'erreur de segmentation : le programme a lu une mémoire interdite, souvent un module natif construit pour une autre version de Node',
  SIGBUS: 'erreur d’accès mémoire (SIGBUS)',
  SIGILL: 'instruction refusée par le processeur (SIGILL)',
  SIGABRT: 'le programme s’est interrompu lui-même sur une erreur interne (SIGABRT)',
  SIGKILL: 'arrêt forcé (SIGKILL), par exemple faute de mémoire',
  SIGTERM: 'arrêt demandé par un autre programme (SIGTERM)',
  SIGINT: 'interruption (SIGINT)',
  SIGHUP: 'terminal fermé (SIGHUP)',
};

/** Exit code for a child killed by `signal`, as a shell reports it (128 + number). */
export function signalExitCode(signal) {
  const n = constants.signals[signal];
  return typeof n === 'number' ? 128 + n : 1;
}

/** French sentence for how the child ended, or null when it ended cleanly. */
export function describeChildEnd(what, code, signal, stopRequested) {
  if (signal) {
    if (stopRequested && (signal === 'SIGTERM' || signal === 'SIGINT' || signal === 'SIGHUP')) return null;
    const meaning = SIGNAL_MEANING[signal] ?? `signal ${signal}`;
    return (
      `Sceau s’est arrêté brutalement : ${what} a été tué par le signal ${signal} — ${meaning}.\n` +
      `Node utilisé : ${process.version} (${process.execPath}). Relancez « npm ci » puis « npm start » ; ` +
      'si l’arrêt se reproduit, joignez ce message à votre demande d’assistance.'
    );
  }
  if (code !== 0 && code !== null)
    return `Sceau s’est arrêté sur une erreur : ${what} a quitté avec le code ${code} (voir le message ci-dessus).`;
  return null;
}

/**
 * Ends this process with the child: same success, or a French message on stderr and a
 * non-zero exit code. `stopRequested()` says whether we asked the child to stop.
 */
export function exitWithChild(child, what, stopRequested = () => false) {
  child.on('error', (error) => {
    console.error(`Sceau n’a pas pu démarrer : ${what} ne se lance pas (${error.message}).`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const message = describeChildEnd(what, code, signal, stopRequested());
    if (message === null) process.exit(0);
    console.error(message);
    process.exit(signal ? signalExitCode(signal) : code || 1);
  });
}
