// The HTTP layer through a manual proxy: a tiny CONNECT proxy with Basic authentication
// (what town-hall networks often impose). The archive's TLS must still be verified end to
// end through the tunnel: the proxy only ever sees ciphertext.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import { ArchiveError } from '../../../main/core/archive/connector';
import { HttpClient, type HttpClientOptions } from '../../../main/core/net/http-client';
import { MESSAGES } from '../../../main/core/net/messages';
import type { ProxySettings } from '../../../main/core/net/proxy';
import { DEMO_ASALAE_LOGIN, DEMO_ASALAE_PASSWORD } from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { makeTestPki, type TestPki } from '../../tools/certs';
import { startConnectProxy, type ConnectProxy } from '../../tools/connect-proxy';
import { makeTransfer } from '../../tools/seda-package';

const PROXY_USER = 'mairie';
const PROXY_PASSWORD = 'proxy-s3cret';

let pki: TestPki;
let proxy: ConnectProxy;
const servers: https.Server[] = [];

async function serve(pair: { key: string; cert: string }): Promise<{ url: string; port: number }> {
  const s = https.createServer(pair, (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('"ok"');
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}/restservices/ping`, port };
}

function viaProxy(password: string | null = PROXY_PASSWORD): ProxySettings {
  return { mode: 'manual', url: proxy.url, ...(password !== null ? { username: PROXY_USER, password } : {}) };
}

async function failure(url: string, opts: HttpClientOptions): Promise<ArchiveError> {
  try {
    await new HttpClient({ connectTimeoutMs: 5000, ...opts }).request({
      method: 'GET',
      url,
      headers: { Authorization: 'Basic c2VjcmV0' },
    });
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  pki = makeTestPki();
  proxy = await startConnectProxy({ credentials: { user: PROXY_USER, password: PROXY_PASSWORD } });
});
afterAll(async () => {
  await proxy.close();
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('manual proxy with Basic authentication (CONNECT tunnel)', () => {
  test('a request goes through the tunnel; the proxy sees only ciphertext', async () => {
    const { url, port } = await serve(pki.server);
    const before = proxy.clientBytes().length;
    const res = await new HttpClient({ tls: { caPem: pki.caPem }, proxy: viaProxy() }).request({
      method: 'GET',
      url,
      headers: { Authorization: 'Basic c2VjcmV0' },
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('"ok"');
    expect(proxy.log).toContain(`CONNECT 127.0.0.1:${port}`);
    const tunnelled = proxy.clientBytes().subarray(before).toString('latin1');
    expect(tunnelled.length).toBeGreaterThan(0);
    expect(tunnelled).not.toContain('/restservices/ping');
    expect(tunnelled).not.toContain('c2VjcmV0');
  });

  test('wrong proxy password ⇒ the French 407 message, nothing reaches the archive', async () => {
    const { url, port } = await serve(pki.server);
    const e = await failure(url, { tls: { caPem: pki.caPem }, proxy: viaProxy('mauvais') });
    expect(e.code).toBe('auth');
    expect(e.httpStatus).toBe(407);
    expect(e.retryable).toBe(false);
    expect(e.message).toBe(MESSAGES.proxyAuth);
    expect(e.message).toBe(
      'Le proxy demande une authentification : vérifiez l’identifiant et le mot de passe du proxy.',
    );
    expect(proxy.log).toContain(`407 127.0.0.1:${port}`);
    expect(proxy.log).not.toContain(`CONNECT 127.0.0.1:${port}`);
  });

  test('no proxy credentials at all ⇒ the same 407 message', async () => {
    const { url } = await serve(pki.server);
    const e = await failure(url, { tls: { caPem: pki.caPem }, proxy: viaProxy(null) });
    expect(e).toMatchObject({ code: 'auth', httpStatus: 407, message: MESSAGES.proxyAuth });
  });

  test('TLS is verified end to end through the tunnel: unknown CA refused', async () => {
    const { url, port } = await serve(pki.server);
    // Tunnel opened (the proxy accepted us), then the archive's certificate is refused.
    const e = await failure(url, { proxy: viaProxy() });
    expect(proxy.log).toContain(`CONNECT 127.0.0.1:${port}`);
    expect(e.code).toBe('tls');
    expect(e.message).toBe(MESSAGES.unknownCa);
    // A custom CA adds to the roots; a certificate from another CA is still refused.
    const other = await serve(pki.untrusted);
    const e2 = await failure(other.url, { tls: { caPem: pki.caPem }, proxy: viaProxy() });
    expect(proxy.log).toContain(`CONNECT 127.0.0.1:${other.port}`);
    expect(e2).toMatchObject({ code: 'tls', message: MESSAGES.unknownCa });
  });

  test("the certificate is checked against the archive's name, not the proxy's", async () => {
    const { url } = await serve(pki.wrongHost);
    const e = await failure(url, { tls: { caPem: pki.caPem }, proxy: viaProxy() });
    expect(e).toMatchObject({ code: 'tls', message: MESSAGES.wrongHost });
  });

  describe('as@lae over TLS behind the proxy (demo archive)', () => {
    let archive: DemoArchive;
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-proxy-'));
      archive = await startDemoArchive({ dataDir: path.join(dir, 'archive'), pendingMs: 100, tls: pki.server });
    });
    afterAll(async () => {
      await archive.close();
    });

    const client = (proxySettings: ProxySettings) =>
      new AsalaeClient({
        baseUrl: archive.asalaeUrl,
        login: DEMO_ASALAE_LOGIN,
        password: DEMO_ASALAE_PASSWORD,
        http: { tls: { caPem: pki.caPem }, proxy: proxySettings, idleTimeoutMs: 5000 },
      });

    test('connection test, upload and reply all go through the tunnel', async () => {
      const c = client(viaProxy());
      expect(await c.check()).toMatchObject({ reachable: true, authenticated: true });
      const t = await makeTransfer(dir, 'asalae');
      await c.send(t);
      const end = Date.now() + 10_000;
      let r = await c.reply(t);
      while (r.state === 'pending' && Date.now() < end) {
        await new Promise((res) => setTimeout(res, 50));
        r = await c.reply(t);
      }
      expect(r).toMatchObject({ state: 'accepted', replyCode: '000' });
      expect(proxy.log.filter((l) => l === `CONNECT ${new URL(archive.url).host}`).length).toBeGreaterThanOrEqual(4);
    });

    test('wrong proxy password: the connection test says so in French (not the as@lae login)', async () => {
      const check = await client(viaProxy('mauvais')).check();
      expect(check).toMatchObject({ reachable: false, authenticated: false, message: MESSAGES.proxyAuth });
    });
  });
});
