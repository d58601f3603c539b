// The archive says "overloaded" (503 or 429, with Retry-After): the whole desktop holds back,
// every transfer and every kind of call, for as long as it was told — not one transfer at a
// time. A real loopback HTTP front between the real as@lae client and the demo archive.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type SyncHarness } from './harness';

interface Hit {
  at: number;
  line: string;
  status: number;
}

interface OverloadFront {
  url: string;
  hits: Hit[];
  /** The next request matching `match` opens an overload window of `ms` answered `status`. */
  overloadNext(match: RegExp, ms: number, status: number, retryAfter: (until: number) => string | null): void;
  close(): Promise<void>;
}

async function startOverloadFront(target: string): Promise<OverloadFront> {
  const t = new URL(target);
  const hits: Hit[] = [];
  let armed: { match: RegExp; ms: number; status: number; retryAfter: (until: number) => string | null } | null = null;
  let window: { until: number; status: number; header: string | null } | null = null;
  const server = http.createServer((req, res) => {
    const now = Date.now();
    const line = `${req.method} ${req.url}`;
    if (armed && armed.match.test(line)) {
      const until = now + armed.ms;
      window = { until, status: armed.status, header: armed.retryAfter(until) };
      armed = null;
    }
    if (window && now < window.until) {
      hits.push({ at: now, line, status: window.status });
      const w = window;
      req.resume();
      req.on('end', () => {
        res.writeHead(w.status, {
          'Content-Type': 'text/html',
          ...(w.header ? { 'Retry-After': w.header } : {}),
        });
        res.end('<html><body>Service surchargé</body></html>');
      });
      return;
    }
    hits.push({ at: now, line, status: 0 });
    const up = http.request({
      host: t.hostname,
      port: t.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: t.host },
    });
    up.on('error', () => req.socket.destroy());
    up.on('response', (ures) => {
      res.writeHead(ures.statusCode ?? 502, ures.headers);
      ures.pipe(res);
    });
    req.pipe(up);
  });
  // An empty `Expect:` (what the as@lae client sends, like Pastell) must not get Node's 417.
  server.on('checkExpectation', (req, res) => server.emit('request', req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    overloadNext(match, ms, status, retryAfter) {
      armed = { match, ms, status, retryAfter };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let h: SyncHarness | null = null;
let front: OverloadFront | null = null;
afterEach(async () => {
  await h?.close();
  await front?.close();
  h = front = null;
});

async function setup(count: number) {
  h = await makeHarness({ kind: 'asalae', pendingMs: 100 });
  front = await startOverloadFront(h.archive!.url);
  h.endpoints.asalae = [`${front.url}/restservices`];
  // Per-transfer backoff alone would bring each transfer back within ~0.4 s.
  h.settings = { ...h.settings, maxConcurrentUploads: 1, retry: { baseMs: 30, maxMs: 400, minMs: 5 } };
  const ts = [];
  for (let i = 0; i < count; i++) ts.push(await h.addTransfer('asalae', { title: `Arrêté n° ${i}` }));
  return ts;
}

/** Requests that reached the front inside [from, to) (ms epoch). */
function between(hits: Hit[], from: number, to: number): Hit[] {
  return hits.filter((x) => x.at >= from && x.at < to);
}

describe('archive overloaded: one gate for the whole desktop', () => {
  it('503 + Retry-After (seconds) on an upload: no call at all, from any transfer, before it is over', async () => {
    const ts = await setup(4);
    front!.overloadNext(/^POST \/restservices\/sedaMessages$/, 50, 503, () => '2');
    h!.engine().start();
    const rows = await h!.waitStates(
      ts.map((t) => t.id),
      ['accepted'],
      30_000,
    );
    const first503 = front!.hits.find((x) => x.status === 503)!;
    expect(first503).toBeDefined();
    // 2 s asked: nothing from this desktop in between (a little slack for a call already in flight).
    expect(between(front!.hits, first503.at + 100, first503.at + 1_950)).toEqual([]);
    const after = front!.hits.filter((x) => x.at >= first503.at + 1_950);
    expect(after.length).toBeGreaterThan(0);
    // Back to work, and still exactly once per transfer.
    expect(rows.every((r) => r.state === 'accepted')).toBe(true);
    expect(h!.archive!.stats().accepted).toHaveLength(4);
    expect(h!.archive!.stats().duplicatesRefused).toBe(0);
    // One 503 for the desktop: the other transfers did not each knock and get their own.
    expect(front!.hits.filter((x) => x.status === 503)).toHaveLength(1);
  }, 40_000);

  it('429 + Retry-After as an HTTP date on an ACK poll: polls and uploads wait alike', async () => {
    const ts = await setup(3);
    front!.overloadNext(/^GET \/restservices\/sedaMessages\/.*Acknowledgement/, 50, 429, (until) =>
      new Date(until + 2_500).toUTCString(),
    );
    h!.engine().start();
    await h!.waitStates(
      ts.map((t) => t.id),
      ['accepted'],
      30_000,
    );
    const first429 = front!.hits.find((x) => x.status === 429)!;
    expect(first429).toBeDefined();
    // An HTTP date is truncated to the second: at least ~1.5 s of silence, all calls included.
    expect(between(front!.hits, first429.at + 100, first429.at + 1_000)).toEqual([]);
    expect(h!.archive!.stats().accepted).toHaveLength(3);
  }, 40_000);

  it('503 without Retry-After: the desktop backs off as a whole, then carries on', async () => {
    const ts = await setup(3);
    h!.settings = { ...h!.settings, retry: { baseMs: 800, maxMs: 800, minMs: 800 } };
    front!.overloadNext(/^POST \/restservices\/sedaMessages$/, 50, 503, () => null);
    h!.engine().start();
    await h!.waitStates(
      ts.map((t) => t.id),
      ['accepted'],
      30_000,
    );
    const first503 = front!.hits.find((x) => x.status === 503)!;
    expect(between(front!.hits, first503.at + 100, first503.at + 750)).toEqual([]);
    expect(h!.archive!.stats().accepted).toHaveLength(3);
  }, 40_000);
});
