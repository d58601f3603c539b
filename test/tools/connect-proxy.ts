// A real forward proxy on loopback, as town-hall networks impose: HTTP CONNECT tunnels (for
// https://) and absolute-form forwarding (for http://), both behind Basic proxy
// authentication. It logs what it did and keeps every byte the client sent into tunnels.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxy {
  url: string;
  /** "CONNECT host:port" for tunnels, "POST http://…" for forwarded requests, "407 …" for refusals. */
  log: string[];
  /** Every byte the client sent into the tunnels. */
  clientBytes(): Buffer;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Basic credentials required from the client; null: open proxy. */
  credentials?: { user: string; password: string } | null;
  /** Forward plain http:// requests (absolute-form). Default: refuse them with 405. */
  forwardPlain?: boolean;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const log: string[] = [];
  const seen: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const creds = options.credentials === undefined ? null : options.credentials;
  const expected = creds ? `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}` : null;
  const authorized = (req: http.IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;

  const server = http.createServer((req, res) => {
    const target = req.url ?? '';
    if (!options.forwardPlain || !/^http:\/\//.test(target)) {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      res.end('CONNECT seulement');
      return;
    }
    if (!authorized(req)) {
      log.push(`407 ${target}`);
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy de la mairie"' }).end();
      return;
    }
    log.push(`${req.method ?? '?'} ${target}`);
    const u = new URL(target);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = http.request(
      { host: u.hostname, port: u.port || 80, path: `${u.pathname}${u.search}`, method: req.method, headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => client.destroy());
    const where = req.url ?? '';
    if (!authorized(req)) {
      log.push(`407 ${where}`);
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy de la mairie"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    const m = /^([^:]+|\[[^\]]+\]):(\d+)$/.exec(where);
    if (!m) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    log.push(`CONNECT ${where}`);
    const upstream = net.connect(Number(m[2]), (m[1] ?? '').replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) {
        seen.push(head);
        upstream.write(head);
      }
      client.on('data', (d: Buffer) => seen.push(d));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    clientBytes: () => Buffer.concat(seen),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
