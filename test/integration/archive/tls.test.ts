import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArchiveError } from '../../../main/core/archive/connector';
import { HttpClient, type HttpClientOptions } from '../../../main/core/net/http-client';
import { MESSAGES } from '../../../main/core/net/messages';
import { spkiSha256 } from '../../../main/core/net/trust';
import { VitamClient } from '../../../main/core/archive/vitam-client';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { makeTestPki, type TestPki } from '../../tools/certs';
import { makeTransfer } from '../../tools/seda-package';

let pki: TestPki;
const servers: https.Server[] = [];

async function serve(pair: { key: string; cert: string }): Promise<string> {
  const s = https.createServer(pair, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('"ok"');
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `https://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

async function failure(url: string, opts: HttpClientOptions): Promise<ArchiveError> {
  try {
    await new HttpClient({ connectTimeoutMs: 5000, ...opts }).request({ method: 'GET', url });
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

beforeAll(() => {
  pki = makeTestPki();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('TLS', () => {
  test('a server of the custom CA is accepted when the CA is added', async () => {
    const url = await serve(pki.server);
    const res = await new HttpClient({ tls: { caPem: pki.caPem } }).request({ method: 'GET', url });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('"ok"');
  });

  test('unknown CA (default roots only) is refused in French', async () => {
    const url = await serve(pki.server);
    const e = await failure(url, {});
    expect(e.code).toBe('tls');
    expect(e.message).toContain('Le certificat du serveur n’est pas reconnu (autorité inconnue)');
  });

  test('a custom CA is added to, not replacing, the roots: another CA still fails', async () => {
    const url = await serve(pki.untrusted);
    const e = await failure(url, { tls: { caPem: pki.caPem } });
    expect(e.message).toContain('autorité inconnue');
  });

  test('wrong host name', async () => {
    const url = await serve(pki.wrongHost);
    const e = await failure(url, { tls: { caPem: pki.caPem } });
    expect(e.code).toBe('tls');
    expect(e.message).toBe(MESSAGES.wrongHost);
  });

  test('expired certificate', async () => {
    const url = await serve(pki.expired);
    const e = await failure(url, { tls: { caPem: pki.caPem } });
    expect(e.message).toBe(MESSAGES.expired);
  });

  test('SPKI pin match and mismatch', async () => {
    const url = await serve(pki.server);
    const good = spkiSha256(pki.server.cert);
    const ok = await new HttpClient({ tls: { caPem: pki.caPem, pinnedSpkiSha256: [good] } }).request({
      method: 'GET',
      url,
    });
    expect(ok.status).toBe(200);
    const e = await failure(url, { tls: { caPem: pki.caPem, pinnedSpkiSha256: [spkiSha256(pki.expired.cert)] } });
    expect(e.code).toBe('tls');
    expect(e.message).toBe(MESSAGES.pinMismatch);
  });

  test('connection refused and DNS failures are named', async () => {
    const refused = await failure('http://127.0.0.1:1/', {});
    expect(refused.code).toBe('network');
    expect(refused.message).toBe(MESSAGES.refused);
    const dns = await failure('http://archive.invalid/', {});
    expect(dns.message).toBe(MESSAGES.dns);
  });
});

describe('mTLS against the demo archive (Vitam)', () => {
  let archive: DemoArchive;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-mtls-'));
    archive = await startDemoArchive({
      dataDir: dir,
      pendingMs: 200,
      tls: pki.server,
      requireClientCert: { ca: pki.client.caPem },
    });
  });
  afterAll(async () => {
    await archive.close();
  });

  test('client certificate given: check and send succeed', async () => {
    const client = new VitamClient({
      baseUrl: archive.vitamUrl,
      tenant: 0,
      http: { tls: { caPem: pki.caPem, pfx: pki.client.pfx, passphrase: pki.client.passphrase } },
    });
    const check = await client.check();
    expect(check).toMatchObject({ reachable: true, authenticated: true });
    const t = await makeTransfer(dir, 'vitam');
    const sent = await client.send(t);
    expect(sent.operationId).toMatch(/^[a-z0-9]{36}$/);
  });

  test('client certificate missing: French message', async () => {
    const client = new VitamClient({ baseUrl: archive.vitamUrl, tenant: 0, http: { tls: { caPem: pki.caPem } } });
    const check = await client.check();
    expect(check.authenticated).toBe(false);
    expect(check.message).toMatch(/certificat client/);
  });

  test('wrong PKCS#12 passphrase: French message', async () => {
    const client = new VitamClient({
      baseUrl: archive.vitamUrl,
      tenant: 0,
      http: { tls: { caPem: pki.caPem, pfx: pki.client.pfx, passphrase: 'faux' } },
    });
    const check = await client.check();
    expect(check.authenticated).toBe(false);
    expect(check.message).toBe(MESSAGES.badPassphrase);
  });
});
