// The time-stamping authority is reached through the same HTTP stack as the archives: behind
// a mandatory proxy a timestamp request goes through it (CONNECT tunnel for https://,
// forwarding for http://), NO_PROXY is honoured, and a proxy refusal is said in French.
// Real parts: a forward proxy on loopback and `openssl ts -reply` behind the TSA.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProxySettings } from '../../../main/core/net/proxy';
import { requestTimestamp, sha256 } from '../../../main/core/seal/timestamp';
import { buildTimestampRequest, newNonce, postTimestampQuery } from '../../../main/core/seal/timestamp-request';
import { TimestampError, verifyTimestampResponse } from '../../../main/core/seal/timestamp-verify';
import { makeTestPki, type TestPki } from '../../tools/certs';
import { startConnectProxy, type ConnectProxy } from '../../tools/connect-proxy';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';

const USER = 'mairie';
const PASSWORD = 'proxy-s3cret';

let pki: TestPki;
let proxy: ConnectProxy;
let plainTsa: TsaServer;
let tlsTsa: TsaServer;

const manual = (password = PASSWORD): ProxySettings => ({ mode: 'manual', url: proxy.url, username: USER, password });

beforeAll(async () => {
  pki = makeTestPki();
  proxy = await startConnectProxy({ credentials: { user: USER, password: PASSWORD }, forwardPlain: true });
  plainTsa = await startTsaServer();
  tlsTsa = await startTsaServer({ name: 'Sceau TLS', tls: pki.server });
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await plainTsa.close();
  await tlsTsa.close();
});

async function stampVia(tsa: TsaServer, options: Parameters<typeof postTimestampQuery>[2]) {
  const imprint = sha256(`acte ${Math.random()}`);
  const nonce = newNonce();
  const answer = await postTimestampQuery(tsa.url, buildTimestampRequest(imprint, nonce), options);
  return verifyTimestampResponse(answer, { imprint, nonce }, { trustPem: tsa.caPem });
}

describe('TSA behind a manual proxy with Basic authentication', () => {
  test('https:// TSA: the request goes through a CONNECT tunnel; the proxy sees only ciphertext', async () => {
    const port = new URL(tlsTsa.url).port;
    const before = proxy.clientBytes().length;
    const served = tlsTsa.requests;
    const token = await stampVia(tlsTsa, { proxy: manual(), tlsCaPem: pki.caPem });
    expect(token.tsaName).toContain('Sceau TLS');
    expect(tlsTsa.requests).toBe(served + 1);
    expect(proxy.log).toContain(`CONNECT 127.0.0.1:${port}`);
    const tunnelled = proxy.clientBytes().subarray(before).toString('latin1');
    expect(tunnelled.length).toBeGreaterThan(0);
    expect(tunnelled).not.toContain('application/timestamp-query');
  });

  test('http:// TSA: the request is forwarded by the proxy (absolute form)', async () => {
    const served = plainTsa.requests;
    await stampVia(plainTsa, { proxy: manual() });
    expect(plainTsa.requests).toBe(served + 1);
    expect(proxy.log).toContain(`POST ${plainTsa.url}`);
  });

  test('the whole client path (requestTimestamp) takes the proxy from its configuration', async () => {
    const port = new URL(tlsTsa.url).port;
    const tunnels = proxy.log.filter((l) => l === `CONNECT 127.0.0.1:${port}`).length;
    const token = await requestTimestamp(sha256('délibération'), {
      url: tlsTsa.url,
      trustPem: tlsTsa.caPem,
      tlsCaPem: pki.caPem,
      proxy: () => Promise.resolve(manual()),
    });
    expect(token.genTime).toBeInstanceOf(Date);
    expect(proxy.log.filter((l) => l === `CONNECT 127.0.0.1:${port}`).length).toBe(tunnels + 1);
  });

  test('wrong proxy password: a French error that names the proxy, nothing reaches the TSA', async () => {
    const served = tlsTsa.requests;
    const err = await stampVia(tlsTsa, { proxy: manual('mauvais'), tlsCaPem: pki.caPem }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimestampError);
    expect((err as TimestampError).code).toBe('unreachable');
    expect((err as TimestampError).message).toMatch(
      /^Le serveur d’horodatage https:\/\/127\.0\.0\.1:\d+\/tsa est injoignable : le proxy demande une authentification/,
    );
    expect((err as TimestampError).message).not.toContain('mauvais');
    expect(tlsTsa.requests).toBe(served);
  });

  test('the TSA certificate is still verified end to end through the tunnel', async () => {
    const err = await stampVia(tlsTsa, { proxy: manual() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimestampError);
    expect((err as TimestampError).message).toMatch(/^Le certificat HTTPS du serveur d’horodatage n’est pas reconnu/);
  });
});

describe('TSA with the system proxy (environment)', () => {
  const open = async () => startConnectProxy({ forwardPlain: true });

  test('HTTPS_PROXY is used; NO_PROXY lets the TSA be reached directly', async () => {
    const sys = await open();
    try {
      const port = new URL(tlsTsa.url).port;
      await stampVia(tlsTsa, { proxy: { mode: 'system', env: { HTTPS_PROXY: sys.url } }, tlsCaPem: pki.caPem });
      expect(sys.log).toEqual([`CONNECT 127.0.0.1:${port}`]);
      await stampVia(tlsTsa, {
        proxy: { mode: 'system', env: { HTTPS_PROXY: sys.url, NO_PROXY: 'localhost,127.0.0.1' } },
        tlsCaPem: pki.caPem,
      });
      expect(sys.log).toEqual([`CONNECT 127.0.0.1:${port}`]);
      await stampVia(plainTsa, { proxy: { mode: 'system', env: { http_proxy: sys.url } } });
      expect(sys.log).toContain(`POST ${plainTsa.url}`);
    } finally {
      await sys.close();
    }
  });
});
