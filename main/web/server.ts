// Web host: serves the built renderer and the same contract over a WebSocket, bound to
// 127.0.0.1 only, with a random per-launch token and an Origin check. Used for tests
// (Playwright in Chromium), for machines where Electron cannot start, and in a browser.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreEvent } from '../contract/api';
import { dispatch, type Handlers } from '../core/api/dispatch';
import { MAX_BATCH_FILES, MAX_BATCH_HEADER_BYTES, UPLOAD_BATCH_PATH } from '../contract/upload-batch';
import { eventFrames } from './event-frames';
import { BatchRefused, MALFORMED, readRecords, receiveBatch } from './upload-batch';
import { formBoundary, formReader, MAX_PART_HEADERS_BYTES } from './upload-form';
import { shownName } from '../contract/upload-names';
import { cleanRelativeName, formatBytes, PARTIAL_UPLOAD_SUFFIX, purgePartialUploads } from './uploads';

// node:http through process.getBuiltinModule, not `import`: the ES-module view reads every
// export, and its lazy `WebSocket` getter loads undici (~50 ms at every start, issue 18).
const { createServer } = process.getBuiltinModule('node:http');

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
  /** Largest accepted upload, in bytes (default 2 GiB); larger ones get 413 and leave nothing. */
  maxUploadBytes?: number;
  /** Most bytes waiting to leave towards one page before its connection ends (default MAX_WS_UNSENT_BYTES). */
  maxUnsentBytes?: number;
  log?: (line: string) => void;
}

export interface WebHost {
  url: string;
  /** URL with the token in the fragment: what the user opens. */
  launchUrl: string;
  port: number;
  token: string;
  /**
   * A single-use address valid for one minute that hands the token to the first browser
   * opening it: what a launcher passes to the system's opener, so the token itself never
   * appears on a command line (visible to other local users).
   */
  oneTimeLaunchUrl(): string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const LAUNCH_CODE_TTL_MS = 60_000;

/** Largest WebSocket message accepted from the page (a contract call is a few KiB). */
export const MAX_WS_PAYLOAD_BYTES = 8 * 1024 * 1024;
/**
 * Most bytes waiting to leave towards one page: a 10,000-file drop's events are ~8 MB, a
 * thousand-row list ~1 MB; a page that has not read 256 MiB reads nothing. Generous: ending
 * a live page's connection fails its calls in flight (it reconnects, but is told « interrompue »).
 */
export const MAX_WS_UNSENT_BYTES = 256 * 1024 * 1024;

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

/** Said when the inbox's disk has no room left for an upload (ENOSPC, or a quota: EDQUOT). */
export const DISK_FULL =
  'Disque plein : l’envoi n’a pas pu être reçu. Libérez de la place sur le disque des données de Sceau, puis déposez les fichiers à nouveau.';

function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
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

/** The request's address, or null when its target does not parse (`GET http://[`): a 400, never a throw. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : null;
}

/** A dropped file's relative name (URI-encoded in its header), made safe: see cleanRelativeName. */
export function safeRelativeName(raw: string): string | null {
  try {
    return cleanRelativeName(decodeURIComponent(raw));
  } catch {
    return null;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const log = options.log ?? (() => undefined);
  let port = 0;

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  };

  const fail = (res: ServerResponse, status: number, message: string) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: message }));
  };

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
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

  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxUnsent = options.maxUnsentBytes ?? MAX_WS_UNSENT_BYTES;
  const tooLarge = `Fichier trop volumineux : la limite est de ${formatBytes(maxUpload)} par fichier.`;

  const handleUpload = async (req: IncomingMessage, res: ServerResponse) => {
    const name = safeRelativeName(String(req.headers['x-sceau-name'] ?? ''));
    if (!name) return fail(res, 400, 'Nom de fichier invalide.');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUpload) {
      res.setHeader('Connection', 'close');
      return fail(res, 413, tooLarge);
    }
    const uploadId = randomUUID();
    const dir = path.join(options.inboxDir, uploadId);
    const target = path.join(dir, name);
    const tmp = `${target}${PARTIAL_UPLOAD_SUFFIX}`;
    let received = 0;
    let over = false;
    // Counts what really arrives (chunked bodies announce no length).
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > maxUpload) {
          over = true;
          done(new Error('upload over the limit'));
        } else done(null, chunk);
      },
    });
    try {
      await mkdir(path.dirname(target), { recursive: true });
      // Not fsynced: intakeUploaded answers once the vault copy is durable (main/web/upload-batch.ts).
      await pipeline(req, cap, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, target);
    } catch (error) {
      // Nothing half-written stays in the inbox: neither the partial file nor its folder.
      await rm(dir, { recursive: true, force: true });
      if (over) {
        res.setHeader('Connection', 'close');
        return fail(res, 413, tooLarge);
      }
      if (isDiskFull(error)) {
        res.setHeader('Connection', 'close');
        return fail(res, 507, DISK_FULL);
      }
      // A name the disk cannot take once staged (long, or refused by the file system): told, not a 500.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENAMETOOLONG' || code === 'EINVAL')
        return fail(res, 400, `Nom de fichier invalide : « ${shownName(name)} » (trop long pour le disque).`);
      throw error;
    }
    const mtime = Number(req.headers['x-sceau-mtime']);
    if (Number.isFinite(mtime) && mtime > 0) {
      const { utimes } = await import('node:fs/promises');
      await utimes(target, new Date(), new Date(mtime));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ uploadId }));
  };

  // Many files in one request (a dropped folder): same cap per file and for the whole batch.
  const handleBatch = async (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    // What framing may add to the files' bytes: records, or multipart (two parts per file).
    const framing = MAX_BATCH_FILES * (2 * (MAX_PART_HEADERS_BYTES + 80) + MAX_BATCH_HEADER_BYTES);
    if (Number.isFinite(declared) && declared > maxUpload + framing) {
      res.setHeader('Connection', 'close');
      return fail(res, 413, tooLarge);
    }
    // The page sends multipart (XMLHttpRequest and FormData); the records format stays served.
    const contentType = String(req.headers['content-type'] ?? '');
    const multipart = /^\s*multipart\//i.test(contentType);
    const boundary = formBoundary(contentType);
    if (multipart && !boundary) {
      res.setHeader('Connection', 'close');
      return fail(res, 400, MALFORMED);
    }
    let received: { uploadId: string; files: number };
    try {
      // Not destroyed on a refusal: the answer still has to reach the page.
      received = await receiveBatch(
        req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>,
        options.inboxDir,
        {
          maxBytes: maxUpload,
          maxFiles: MAX_BATCH_FILES,
        },
        boundary ? formReader(boundary) : readRecords,
      );
    } catch (error) {
      // receiveBatch removed the batch's folder: the room it took is back.
      if (isDiskFull(error)) {
        res.setHeader('Connection', 'close');
        return fail(res, 507, DISK_FULL);
      }
      if (!(error instanceof BatchRefused)) throw error;
      res.setHeader('Connection', 'close');
      return fail(res, error.status, error.message);
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(received));
  };

  // One-time launch codes: code → expiry. Redeemed once, then the browser holds the token.
  const launchCodes = new Map<string, number>();
  const redeemLaunchCode = (res: ServerResponse, code: string | null) => {
    const expiry = code ? launchCodes.get(code) : undefined;
    if (code) launchCodes.delete(code);
    res.setHeader('Cache-Control', 'no-store');
    if (expiry === undefined || expiry < Date.now()) {
      log('web host: launch code refused (unknown, used or expired)');
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        'Ce lien d’ouverture de Sceau a déjà servi ou a expiré. Utilisez l’adresse affichée au lancement de Sceau, ou relancez-le.',
      );
      return;
    }
    res.writeHead(303, { Location: `/#token=${token}` });
    res.end();
  };

  await purgePartialUploads(options.inboxDir, log);

  const server = createServer((req, res) => {
    securityHeaders(res);
    // Parsed here, outside run(): a throw in this callback would end the whole process.
    const url = requestUrl(req);
    if (!url) {
      log('web host: request with an unreadable target refused');
      return fail(res, 400, 'Adresse invalide.');
    }
    const run = async () => {
      if (url.pathname === '/upload' && req.method === 'POST') {
        if (!sameToken(token, bearer(req))) return fail(res, 401, 'Accès refusé.');
        return handleUpload(req, res);
      }
      if (url.pathname === `/${UPLOAD_BATCH_PATH}` && req.method === 'POST') {
        if (!sameToken(token, bearer(req))) return fail(res, 401, 'Accès refusé.');
        return handleBatch(req, res);
      }
      if (url.pathname.startsWith('/exports/') && req.method === 'GET') {
        if (!sameToken(token, bearer(req))) return fail(res, 401, 'Accès refusé.');
        let exportId: string;
        try {
          exportId = decodeURIComponent(url.pathname.slice('/exports/'.length));
        } catch {
          return fail(res, 400, 'Adresse d’export invalide.');
        }
        const found = options.resolveExport(exportId);
        if (!found) return fail(res, 404, 'Export introuvable.');
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
        });
        return pipeline(createReadStream(found.path), res);
      }
      if (url.pathname === '/launch' && req.method === 'GET')
        return redeemLaunchCode(res, url.searchParams.get('code'));
      if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url.pathname);
      return fail(res, 405, 'Méthode refusée.');
    };
    run().catch((error: unknown) => {
      log(`web host: ${req.method} ${url.pathname} failed: ${String(error)}`);
      // What is left of the body would be read as the next request on this connection.
      if (!res.headersSent && !req.complete) res.setHeader('Connection', 'close');
      fail(res, 500, 'Erreur du service local.');
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    // Explicit limits: a bigger frame is refused (close 1009) before it is buffered; no
    // compression, so no inflate bomb; UTF-8 of text frames always checked (close 1007).
    maxPayload: MAX_WS_PAYLOAD_BYTES,
    perMessageDeflate: false,
    skipUTF8Validation: false,
    handleProtocols: (protocols) => (protocols.has('sceau.v1') ? 'sceau.v1' : false),
  });
  wss.on('error', (error) => log(`web host: WebSocket server error: ${String(error)}`));

  server.on('upgrade', (req, socket, head) => {
    // A reset during the handshake concerns this socket only.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    const origin = req.headers.origin;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const given = offered.find((p) => p.startsWith('token.'))?.slice('token.'.length);
    const refuse = (status: number, why: string) => {
      log(`web host: WebSocket refused (${why})`);
      const reason = status === 403 ? 'Forbidden' : status === 401 ? 'Unauthorized' : 'Bad Request';
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (!url) return refuse(400, 'unreadable target');
    if (url.pathname !== '/api') return refuse(403, 'path');
    if (!origin || !allowedOrigins(port).includes(origin)) return refuse(403, `origin ${origin ?? 'absent'}`);
    if (!sameToken(token, given)) return refuse(401, 'token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    // A malformed frame (oversize, bad UTF-8, unmasked, RSV bits, bad opcode) or a reset:
    // ws has already sent the close code; end this connection only, never the process.
    ws.on('error', (error) => {
      log(`web host: WebSocket closed after a protocol error: ${error.message}`);
      ws.terminate();
    });
    // A page that stops reading (hostile, or frozen) must not make the host hold its answers
    // without end: past the bound, the connection ends (a live page reconnects by itself).
    const send = (frame: string): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxUnsent) {
        log(`web host: WebSocket closed, the page reads nothing (${ws.bufferedAmount} bytes waiting)`);
        ws.terminate();
        return;
      }
      ws.send(frame);
    };
    const events = eventFrames(send);
    const unsubscribe = options.onEvent((event) => events.push(event));
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
          events.flush();
          send(JSON.stringify({ kind: 'result', id, envelope }));
        },
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // Told in French: a port given with --port may be taken, or reserved (below 1024).
      const wanted = options.port ?? 0;
      if (error.code === 'EADDRINUSE')
        reject(
          new Error(
            `le port ${wanted} est déjà utilisé par un autre programme (Sceau est peut-être déjà lancé) : choisissez-en un autre avec --port, ou 0 pour un port libre.`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(new Error(`le port ${wanted} est réservé au système : choisissez-en un au-delà de 1023 avec --port.`));
      else reject(error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    port,
    token,
    oneTimeLaunchUrl: () => {
      const now = Date.now();
      for (const [c, expiry] of launchCodes) if (expiry < now) launchCodes.delete(c);
      const code = randomBytes(24).toString('hex');
      launchCodes.set(code, now + LAUNCH_CODE_TTL_MS);
      return `${url}launch?code=${code}`;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Before waiting, not after: a request never finished (an upload held open) would keep
      // the server open for ever, and Ctrl+C would not stop the host. What it staged is
      // removed by its handler, or purged at the next start.
      server.closeAllConnections();
      await closed;
    },
  };
}
