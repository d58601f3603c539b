// An on-premise PKI installed in the operating system's store is trusted with no setting:
// the HTTP stack adds the system CAs (tls.getCACertificates('system')) to the bundled roots.
// The store is read once per process, so each case runs the real client in a child process
// whose OpenSSL store is pointed at a test CA (SSL_CERT_FILE / SSL_CERT_DIR, as on Linux).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MESSAGES } from '../../../main/core/net/messages';
import { makeTestPki, type TestPki } from '../../tools/certs';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));

let pki: TestPki;
let server: https.Server;
let url: string;
let dir: string;
let script: string;

beforeAll(async () => {
  pki = makeTestPki();
  dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-sysca-'));
  server = https.createServer(pki.server, (_req, res) => res.end('"ok"'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
  // The real client, bundled as it ships; prints the status or the French error.
  writeFileSync(
    path.join(dir, 'probe.ts'),
    `import { HttpClient } from ${JSON.stringify(path.resolve(HERE, '../../../main/core/net/http-client'))};
new HttpClient({ connectTimeoutMs: 5000 })
  .request({ method: 'GET', url: process.argv[2]! })
  .then((r) => console.log(JSON.stringify({ status: r.status })), (e: Error) => console.log(JSON.stringify({ error: e.message })));
`,
  );
  script = path.join(dir, 'probe.mjs');
  await build({
    entryPoints: [path.join(dir, 'probe.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  writeFileSync(path.join(dir, 'ca.pem'), pki.caPem);
  writeFileSync(path.join(dir, 'other.pem'), pki.client.caPem);
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function probe(env: Record<string, string>): Promise<{ status?: number; error?: string }> {
  const clean = { ...process.env };
  delete clean.NODE_EXTRA_CA_CERTS;
  delete clean.SSL_CERT_FILE;
  delete clean.SSL_CERT_DIR;
  const { stdout } = await run(process.execPath, [script, url], { env: { ...clean, ...env }, timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { status?: number; error?: string };
}

test('a CA present only in the system store is trusted without any setting', async () => {
  const emptyDir = mkdtempSync(path.join(dir, 'certs-'));
  expect(await probe({ SSL_CERT_FILE: path.join(dir, 'ca.pem'), SSL_CERT_DIR: emptyDir })).toEqual({ status: 200 });
});

test('a system store without that CA: refused with the French unknown-authority message', async () => {
  const emptyDir = mkdtempSync(path.join(dir, 'certs-'));
  expect(await probe({ SSL_CERT_FILE: path.join(dir, 'other.pem'), SSL_CERT_DIR: emptyDir })).toEqual({
    error: MESSAGES.unknownCa,
  });
});

test('NODE_EXTRA_CA_CERTS (the IT department’s deployment variable) is honoured too', async () => {
  const emptyDir = mkdtempSync(path.join(dir, 'certs-'));
  expect(
    await probe({
      NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'),
      SSL_CERT_FILE: path.join(dir, 'other.pem'),
      SSL_CERT_DIR: emptyDir,
    }),
  ).toEqual({ status: 200 });
});
