// Validates files with the real xmllint command against the shipped SEDA XSDs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function xmllintValidate(files: string[], version: '2.1' | '2.2'): Map<string, boolean> {
  const dir = path.resolve('assets/seda', version);
  const r = spawnSync(
    'xmllint',
    ['--nonet', '--noout', '--schema', path.join(dir, `seda-${version}-main.xsd`), ...files],
    { env: { ...process.env, XML_CATALOG_FILES: path.join(dir, 'catalog.xml') }, encoding: 'utf8' },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  const verdicts = new Map<string, boolean>();
  for (const f of files) verdicts.set(f, out.includes(`${f} validates`) && !out.includes(`${f} fails to validate`));
  if ([...verdicts.values()].some((v) => !v)) console.error(out);
  return verdicts;
}
