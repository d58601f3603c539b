// Web host: serves the built renderer and the same contract over a WebSocket, bound to
// 127.0.0.1 only, with a random per-launch token and an Origin check. Used for tests
// (Playwright in Chromium), for machines where Electron cannot start, and in a browser.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat, rename, open } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreEvent } from '../contract/api';
import { dispatch, type Handlers } from '../core/api/dispatch';

export interface WebHostOptions {
  handlers: Handlers;
  onEvent: (listener: (e: CoreEvent) => void) => () => void;
  rendererDir: string;
  /** Where uploaded (dropped) files land before intake. */
  inboxDir: string;
  /** Resolves an export id to a file on disk. */
  resolveExport: (exportId: string) => { path: string; fileName: string } | null;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  /** URL with the token in the fragment: what the user opens. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Origins allowed to open the WebSocket: the page we served, nothing else. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : null;
}

/** A dropped file's relative name, made safe: no absolute path, no "..", no NUL. */
export function safeRelativeName(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const parts = decoded
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..' || p.includes('\0'))) return null;
  return parts.join('/');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const log = options.log ?? (() => undefined);
  let port = 0;

  const securityHeaders = (res: http.ServerResponse) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  };

  const fail = (res: http.ServerResponse, status: number, message: string) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: message }));
  };

  const serveStatic = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(options.rendererDir, relative);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep)) return fail(res, 404, 'Introuvable.');
    let info;
    try {
      info = await stat(file);
    } catch {
      return fail(res, 404, 'Introuvable.');
    }
    if (!info.isFile()) return fail(res, 404, 'Introuvable.');
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    await pipeline(createReadStream(file), res);
  };

  const handleUpload = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const name = safeRelativeName(String(req.headers['x-sceau-name'] ?? ''));
    if (!name) return fail(res, 400, 'Nom de fichier invalide.');
    const uploadId = randomUUID();
    const dir = path.join(options.inboxDir, uploadId);
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.sceau-upload`;
    await pipeline(req, createWriteStream(tmp, { flags: 'wx' }));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    const mtime = Number(req.headers['x-sceau-mtime']);
    if (Number.isFinite(mtime) && mtime > 0) {
      const { utimes } = await import('node:fs/promises');
      await utimes(target, new Date(), new Date(mtime));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ uploadId }));
  };

  const server = http.createServer((req, res) => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const run = async () => {
      if (url.pathname === '/upload' && req.method === 'POST') {
        if (!sameToken(token, bearer(req))) return fail(res, 401, 'Accès refusé.');
        return handleUpload(req, res);
      }
      if (url.pathname.startsWith('/exports/') && req.method === 'GET') {
        if (!sameToken(token, bearer(req))) return fail(res, 401, 'Accès refusé.');
        const found = options.resolveExport(decodeURIComponent(url.pathname.slice('/exports/'.length)));
        if (!found) return fail(res, 404, 'Export introuvable.');
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
        });
        return pipeline(createReadStream(found.path), res);
      }
      if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url.pathname);
      return fail(res, 405, 'Méthode refusée.');
    };
    run().catch((error: unknown) => {
      log(`web host: ${req.method} ${url.pathname} failed: ${String(error)}`);
      fail(res, 500, 'Erreur du service local.');
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 8 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('sceau.v1') ? 'sceau.v1' : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const given = offered.find((p) => p.startsWith('token.'))?.slice('token.'.length);
    const refuse = (status: number, why: string) => {
      log(`web host: WebSocket refused (${why})`);
      socket.write(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Unauthorized'}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/api') return refuse(403, 'path');
    if (!origin || !allowedOrigins(port).includes(origin)) return refuse(403, `origin ${origin ?? 'absent'}`);
    if (!sameToken(token, given)) return refuse(401, 'token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = options.onEvent((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'event', event }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (raw) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const { kind, id, channel, request } = frame as {
        kind?: unknown;
        id?: unknown;
        channel?: unknown;
        request?: unknown;
      };
      if (kind !== 'call' || typeof id !== 'number') return;
      void dispatch(options.handlers, channel, request, (ch, err) => log(`call ${ch} failed: ${String(err)}`)).then(
        (envelope) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'result', id, envelope }));
        },
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
