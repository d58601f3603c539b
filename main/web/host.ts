// `npm run start:web`: the whole app in a normal browser. Opens the engine on the user's
// data folder, starts the built-in demo archive when a profile needs it, serves the renderer.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../core/engine';
import { defaultDataDir } from '../core/paths';
import { loadPolicy } from '../core/policy';
import { openAppLogger } from '../core/logging';
import { startWebHost } from './server';
import { systemErrorMessage } from '../core/system-errors';
import { hostDemoServices } from '../compose/demo-services';

interface HostArgs {
  dataDir: string;
  port: number;
  demoArchiveUrl?: string;
  stabilityDelayMs?: number;
  trackingIntervalMs?: number;
  json: boolean;
}

function parseArgs(argv: string[]): HostArgs {
  // An empty SCEAU_DATA_DIR counts as unset, and an empty --data-dir is refused: never the
  // working directory by accident.
  const fromEnv = process.env.SCEAU_DATA_DIR;
  const dataDir = fromEnv && fromEnv.trim() !== '' ? fromEnv : defaultDataDir();
  const args: HostArgs = { dataDir, port: 0, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`Option ${a} : valeur manquante.`);
      return v;
    };
    // The same bounds as the CLI's SCEAU_*_MS (main/cli/context.ts): a negative or tiny
    // interval would poll the archive without pause.
    const millis = (min: number, max: number) => {
      const n = Number(next());
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`Option ${a} : un nombre entier de millisecondes entre ${min} et ${max} est attendu.`);
      return n;
    };
    if (a === '--data-dir') {
      args.dataDir = next();
      if (args.dataDir.trim() === '') throw new Error('Option --data-dir : le chemin du dossier des données est vide.');
    } else if (a === '--port') args.port = Number(next());
    else if (a === '--demo-archive-url') args.demoArchiveUrl = next();
    else if (a === '--stability-ms') args.stabilityDelayMs = millis(50, 600_000);
    else if (a === '--tracking-ms') args.trackingIntervalMs = millis(50, 3_600_000);
    else if (a === '--json') args.json = true;
    else if (a === '--open') continue;
    else throw new Error(`Option inconnue : ${a}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('Port invalide.');
  return args;
}

export async function runWebHost(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = path.resolve(here, '..', 'renderer');
  const logger = openAppLogger(args.dataDir, { baseName: 'sceau-web' });
  const policy = loadPolicy();
  if (policy.error) process.stderr.write(`[warn] ${policy.error}\n`);
  const engine = await Engine.open({
    dataDir: args.dataDir,
    policy,
    // The demo archive and TSA run in this process, started when a demo profile needs them.
    demo: hostDemoServices({
      dataDir: args.dataDir,
      ...(args.demoArchiveUrl ? { archiveUrl: args.demoArchiveUrl } : {}),
    }),
    // A page holding the token gets uploads only, never a path on this machine.
    fileAccess: 'uploads-only',
    ...(args.stabilityDelayMs ? { stabilityDelayMs: args.stabilityDelayMs } : {}),
    ...(args.trackingIntervalMs ? { trackingIntervalMs: args.trackingIntervalMs } : {}),
    log: (level, message) => {
      logger[level](message);
      if (level !== 'debug') process.stderr.write(`[${level}] ${message}\n`);
    },
  });
  await engine.start();
  const host = await startWebHost({
    handlers: engine.handlers,
    onEvent: (l) => engine.bus.on(l),
    rendererDir,
    inboxDir: engine.parts.inboxDir,
    resolveExport: (id) => engine.resolveExport(id),
    port: args.port,
    log: (line) => {
      logger.warn(line);
      process.stderr.write(`${line}\n`);
    },
  });
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ url: host.url, launchUrl: host.launchUrl, port: host.port, token: host.token })}\n`,
    );
  } else {
    process.stdout.write(
      `Sceau est prêt. Ouvrez cette adresse dans votre navigateur (elle contient une clé d’accès valable pour ce lancement) :\n  ${host.launchUrl}\n` +
        `Données : ${args.dataDir}\nArrêt : Ctrl+C\n`,
    );
  }
  // A launcher (scripts/start.mjs) asks for a single-use address on a private pipe, to give to
  // the system's opener: the token itself never appears on a command line.
  const launchFd = Number(process.env.SCEAU_LAUNCH_FD ?? NaN);
  if (Number.isInteger(launchFd) && launchFd > 2) {
    try {
      writeSync(launchFd, `${host.oneTimeLaunchUrl()}\n`);
    } catch {
      // No pipe: the address printed above still works.
    }
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

runWebHost(process.argv.slice(2)).catch((error: unknown) => {
  // A data folder the system refuses (« ENOTDIR: not a directory, mkdir … ») is told in French.
  const system = systemErrorMessage(error);
  const said = system ? `${system}.` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`Sceau n’a pas pu démarrer : ${said}\n`);
  process.exit(1);
});
