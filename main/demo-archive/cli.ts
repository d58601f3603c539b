// `sceau demo-archive --port N [--data DIR] [--pending-ms MS]`: runs the reference archive
// until SIGINT/SIGTERM and prints how to connect to it.
import os from 'node:os';
import path from 'node:path';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
  DEMO_RULES,
  DEMO_VITAM_ACCESS_CONTRACT,
  DEMO_VITAM_CONTEXT,
  DEMO_VITAM_TENANT,
} from './demo-account';
import { startDemoArchive } from './server';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/** Resolves when the server has stopped. */
export async function runDemoArchive(
  argv: string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<void> {
  const portText = option(argv, '--port') ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Port invalide : « ${portText} ».`);
  const dataText = option(argv, '--data');
  // Empty (a variable left unset): refused, never the working directory.
  if (dataText !== undefined && dataText.trim() === '')
    throw new Error('Option --data invalide : le chemin du dossier des données est vide.');
  const dataDir = path.resolve(dataText ?? path.join(os.homedir(), '.sceau-demo-archive'));
  const pendingText = option(argv, '--pending-ms') ?? '3000';
  const pendingMs = Number(pendingText);
  // NaN made every answer's date « Invalid Date »; a negative delay is no delay.
  if (!Number.isInteger(pendingMs) || pendingMs < 0 || pendingMs > 3_600_000)
    throw new Error(`Délai invalide : « ${pendingText} » (--pending-ms : des millisecondes, de 0 à 3600000).`);
  // Faithful to the real archives by default; --friendly: Vitam checks before its 202 and refuses a second copy.
  const faithful = !argv.includes('--friendly');
  const archive = await startDemoArchive({ port, dataDir, pendingMs, faithful });
  out(`Archive de démonstration Sceau démarrée : ${archive.url}`);
  out(
    `  as@lae : ${archive.asalaeUrl}  (identifiant « ${DEMO_ASALAE_LOGIN} », mot de passe « ${DEMO_ASALAE_PASSWORD} »)`,
  );
  out(
    `  Vitam  : ${archive.vitamUrl}  (tenant ${DEMO_VITAM_TENANT}, contexte ${DEMO_VITAM_CONTEXT}, contrat d’accès ${DEMO_VITAM_ACCESS_CONTRACT})`,
  );
  out(`  Règles de gestion connues (Vitam) : ${Object.keys(DEMO_RULES).join(', ')}`);
  if (!faithful) out('  Mode simplifié : Vitam contrôle avant de répondre et refuse un identifiant déjà versé.');
  out(
    `  Service versant ${DEMO_TRANSFERRING_AGENCY}, service d'archives ${DEMO_ARCHIVAL_AGENCY}, producteur ${DEMO_ORIGINATING_AGENCY}, accord ${DEMO_ARCHIVAL_AGREEMENT}`,
  );
  out('  Pour voir un refus : utilisez une classification de la matière 9 (ex. « 9.1 »).');
  out(`  Données : ${dataDir} — Ctrl+C pour arrêter.`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void archive.close().then(() => {
        out('Archive de démonstration arrêtée.');
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
