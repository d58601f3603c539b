// Test PKI generated at test time with the openssl command: a CA, server certificates
// (good, wrong host, expired), an unrelated CA, and a client certificate in PKCS#12.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caPem: string;
  /** A CA nobody trusts, with a server cert for 127.0.0.1. */
  otherCaPem: string;
  server: { key: string; cert: string };
  wrongHost: { key: string; cert: string };
  expired: { key: string; cert: string };
  untrusted: { key: string; cert: string };
  client: { pfx: Buffer; passphrase: string; caPem: string };
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function key(dir: string, name: string): void {
  ossl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
}

function ca(dir: string, name: string, cn: string): void {
  key(dir, name);
  ossl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    `${name}.key`,
    '-subj',
    `/CN=${cn}`,
    '-days',
    '30',
    '-out',
    `${name}.pem`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/** Signs with `openssl ca` so start and end dates can be set (expired certificates). */
function issue(
  dir: string,
  caName: string,
  name: string,
  cn: string,
  san: string | undefined,
  dates: { start: string; end: string },
  client = false,
): void {
  key(dir, name);
  ossl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`]);
  const db = `${caName}-${name}`;
  writeFileSync(path.join(dir, `${db}.index`), '');
  writeFileSync(
    path.join(dir, `${db}.cnf`),
    `[ca]
default_ca = local
[local]
database = ${db}.index
new_certs_dir = .
serial = ${db}.serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = ${client ? 'clientAuth' : 'serverAuth'}
${san ? `subjectAltName = ${san}` : ''}
`,
  );
  writeFileSync(path.join(dir, `${db}.serial`), `${Date.now().toString(16).padStart(16, '0')}\n`);
  ossl(dir, [
    'ca',
    '-batch',
    '-notext',
    '-config',
    `${db}.cnf`,
    '-cert',
    `${caName}.pem`,
    '-keyfile',
    `${caName}.key`,
    '-in',
    `${name}.csr`,
    '-out',
    `${name}.pem`,
    '-extensions',
    'ext',
    '-startdate',
    dates.start,
    '-enddate',
    dates.end,
  ]);
}

function stamp(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-pki-'));
  const now = Date.now();
  const valid = { start: stamp(new Date(now - 86_400_000)), end: stamp(new Date(now + 30 * 86_400_000)) };
  const past = { start: stamp(new Date(now - 40 * 86_400_000)), end: stamp(new Date(now - 10 * 86_400_000)) };
  ca(dir, 'ca', 'Sceau Test CA');
  ca(dir, 'other', 'Unknown Test CA');
  ca(dir, 'clientca', 'Sceau Test Client CA');
  const local = 'DNS:localhost,IP:127.0.0.1';
  issue(dir, 'ca', 'server', 'localhost', local, valid);
  issue(dir, 'ca', 'wronghost', 'archive.example.org', 'DNS:archive.example.org', valid);
  issue(dir, 'ca', 'expired', 'localhost', local, past);
  issue(dir, 'other', 'untrusted', 'localhost', local, valid);
  issue(dir, 'clientca', 'client', 'Mairie Exemple', undefined, valid, true);
  const passphrase = 'secret-p12';
  ossl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    'client.key',
    '-in',
    'client.pem',
    '-out',
    'client.p12',
    '-passout',
    `pass:${passphrase}`,
  ]);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const pair = (n: string) => ({ key: read(`${n}.key`), cert: read(`${n}.pem`) });
  return {
    dir,
    caPem: read('ca.pem'),
    otherCaPem: read('other.pem'),
    server: pair('server'),
    wrongHost: pair('wronghost'),
    expired: pair('expired'),
    untrusted: pair('untrusted'),
    client: { pfx: readFileSync(path.join(dir, 'client.p12')), passphrase, caPem: read('clientca.pem') },
  };
}
