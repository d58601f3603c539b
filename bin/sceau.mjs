#!/usr/bin/env node
// `sceau` launcher: runs the built CLI bundle (dist/cli/sceau.mjs). The exit code is set,
// not forced, so the engine can finish closing its database before Node exits.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'sceau.mjs');

if (!existsSync(bundle)) {
  process.stderr.write(
    `La commande sceau n’est pas encore construite (${bundle} est absent).\n` +
      `Construisez-la depuis le dossier du projet :\n  npm install\n  npm run build\n` +
      `puis relancez : node bin/sceau.mjs --help\n`,
  );
  process.exitCode = 1;
} else {
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(process.argv.slice(2));
}
