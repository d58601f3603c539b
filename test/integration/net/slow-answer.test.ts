// A peer that answers but never finishes: headers at once, then one byte now and then, each
// gap shorter than the idle timeout. Without a bound on the whole answer an ACK poll, a
// reply fetch or a time-stamp request waits as long as the peer likes (a 100 kB answer at a
// byte per 20 ms is half an hour). Real HTTP servers on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import { HttpClient } from '../../../main/core/net/http-client';
import { NetError } from '../../../main/core/net/errors';
import { buildTimestampRequest, newNonce, postTimestampQuery } from '../../../main/core/seal/timestamp-request';
import { sha256 } from '../../../main/core/seal/timestamp';
import { TimestampError } from '../../../main/core/seal/timestamp-verify';

let server: http.Server;
let base: string;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const type = req.url?.startsWith('/tsa')
        ? 'application/timestamp-reply'
        : req.url?.includes('Acknowledgement')
          ? 'application/xml'
          : 'application/json';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': '100000' });
      const t = setInterval(() => {
        if (res.destroyed) {
          clearInterval(t);
          timers.delete(t);
          return;
        }
        res.write('x');
      }, 20);
      timers.add(t);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function settle<T>(p: Promise<T>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  try {
    await p;
    return { ms: Date.now() - start, error: null };
  } catch (error) {
    return { ms: Date.now() - start, error };
  }
}

describe('an answer dripped byte by byte is cut at the answer deadline', () => {
  it('the HTTP client gives up with a timeout that says the outcome may be known to the peer', async () => {
    const client = new HttpClient({ idleTimeoutMs: 2_000, answerTimeoutMs: 400 });
    const r = await settle(client.request({ method: 'POST', url: `${base}/sedaMessages`, body: 'bordereau' }));
    expect(r.error).toBeInstanceOf(NetError);
    const e = r.error as NetError;
    expect(e.code).toBe('timeout');
    expect(e.retryable).toBe(true);
    // The body left: the archive may hold it, the next attempt asks before resending.
    expect(e.outcomeUnknown).toBe(true);
    expect(e.message).toMatch(/trop lentement/);
    expect(r.ms).toBeLessThan(3_000);
  }, 10_000);

  it('an as@lae acknowledgement poll ends instead of hanging the tracker', async () => {
    const client = new AsalaeClient({
      baseUrl: `${base}/restservices`,
      login: 'mairie',
      password: 'x',
      http: { idleTimeoutMs: 2_000, answerTimeoutMs: 400 },
    });
    const r = await settle(client.acknowledgement({ messageIdentifier: 'SCEAU_1', transferringAgency: 'FRAD000' }));
    expect((r.error as NetError).code).toBe('timeout');
    expect(r.ms).toBeLessThan(3_000);
  }, 10_000);

  it('a time-stamp request is bounded by its timeout as a whole, not per byte', async () => {
    const query = buildTimestampRequest(sha256('acte'), newNonce());
    const r = await settle(postTimestampQuery(`${base}/tsa`, query, { timeoutMs: 500 }));
    expect(r.error).toBeInstanceOf(TimestampError);
    expect((r.error as Error).message).toMatch(/trop lentement/);
    expect(r.ms).toBeLessThan(3_000);
  }, 10_000);
});
