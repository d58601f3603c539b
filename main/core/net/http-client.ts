// The one HTTP(S) client for every outgoing call (archives and the time-stamping authority):
// proxy (manual, system, NO_PROXY), TLS with the bundled + system roots and an optional
// custom CA, SPKI pins, PKCS#12 client certificates, timeouts, streamed request bodies with
// backpressure, capped answers, and failures as NetError with a French message.
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import type tls from 'node:tls';
import { authority, openConnection, parseTarget } from './connect';
import { NetError } from './errors';
import { MESSAGES, toNetError, type NetMessages } from './messages';
import { proxyFor, type ProxySettings } from './proxy';
import { secureContextFor, type TlsSettings } from './trust';

// node:http through process.getBuiltinModule, not `import`: the ES-module view reads every
// export, and its lazy `WebSocket` getter loads undici (~50 ms at every start, issue 18).
const http = process.getBuiltinModule('node:http');

export interface HttpClientOptions {
  tls?: TlsSettings;
  proxy?: ProxySettings;
  /** TCP + proxy + TLS handshake. Default 15 s. */
  connectTimeoutMs?: number;
  /** No byte in either direction for this long ⇒ timeout. Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * The whole answer, from the request's last byte to the answer's last byte. Default 5 min:
   * the idle timeout alone lets a peer drip one byte a minute forever.
   */
  answerTimeoutMs?: number;
  /** Default cap on an answer body. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Wording of the errors (default: the archive's). */
  messages?: NetMessages;
}

/** A request body read lazily, so a retry can read it again and nothing large sits in memory. */
export interface RequestBody {
  length: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'OPTIONS' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody | Buffer | string;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export class HttpClient {
  private secureContext: tls.SecureContext | undefined;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly answerTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly m: NetMessages;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.answerTimeoutMs = options.answerTimeoutMs ?? 5 * 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.m = options.messages ?? MESSAGES;
  }

  private context(): tls.SecureContext {
    this.secureContext ??= secureContextFor(this.options.tls ?? {}, this.m);
    return this.secureContext;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const m = this.m;
    if (req.signal?.aborted) throw new NetError('network', m.aborted, true);
    const target = parseTarget(req.url, m);
    const proxy = proxyFor(this.options.proxy, target);
    const socket = await openConnection({
      target,
      proxy,
      tls: this.options.tls ?? {},
      secureContext: () => this.context(),
      timeoutMs: this.connectTimeoutMs,
      signal: req.signal,
      messages: m,
    });
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'host')) {
      const defaultPort = (target.secure && target.port === 443) || (!target.secure && target.port === 80);
      headers.Host = defaultPort ? authority(target).replace(/:\d+$/, '') : authority(target);
    }
    if (body !== undefined) headers['Content-Length'] = String(body.length);
    // Plain HTTP through a proxy: absolute-form request line, credentials to the proxy.
    if (proxy && !target.secure && proxy.auth) headers['Proxy-Authorization'] = `Basic ${proxy.auth}`;
    headers.Connection = 'close';
    const path = proxy && !target.secure ? req.url : target.path;
    const maxBytes = req.maxResponseBytes ?? this.maxResponseBytes;

    let bodySent = body === undefined;
    return await new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let answerTimer: NodeJS.Timeout | undefined;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        socket.destroy();
        // The peer may hold the whole request even though its answer never came.
        reject(toNetError(err, bodySent && body !== undefined, m));
      };
      const onAbort = () => fail(new NetError('network', m.aborted, true));
      const cleanup = () => {
        req.signal?.removeEventListener('abort', onAbort);
        socket.setTimeout(0);
        clearTimeout(answerTimer);
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(this.idleTimeoutMs, () => fail(new NetError('timeout', m.idleTimeout, true)));

      const cr = http.request({ method: req.method, path, headers, createConnection: () => socket, setHost: false });
      cr.on('error', fail);
      cr.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const tooLarge = () => new NetError('protocol', m.tooLarge, false, false, res.statusCode);
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(tooLarge());
          return;
        }
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            fail(tooLarge());
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new NetError('network', m.reset, true)));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            fail(new NetError('network', m.reset, true));
            return;
          }
          settled = true;
          cleanup();
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });

      void (async () => {
        try {
          if (body !== undefined) {
            if (Buffer.isBuffer(body)) {
              await writeChunk(cr, body, m);
            } else {
              for await (const chunk of body.open()) {
                if (settled) return;
                await writeChunk(cr, chunk, m);
              }
            }
          }
          cr.end(() => {
            bodySent = true;
            if (settled) return;
            answerTimer = setTimeout(() => fail(new NetError('timeout', m.slowAnswer, true)), this.answerTimeoutMs);
          });
        } catch (err) {
          fail(err);
        }
      })();
    });
  }
}

/** Writes and waits for drain when the socket buffer is full (backpressure). */
function writeChunk(cr: ClientRequest, chunk: Uint8Array, m: NetMessages): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cr.destroyed) {
      reject(new NetError('network', m.reset, true));
      return;
    }
    if (cr.write(chunk)) {
      resolve();
      return;
    }
    const onDrain = () => {
      cr.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      cr.off('drain', onDrain);
      reject(new NetError('network', m.reset, true));
    };
    cr.once('drain', onDrain);
    cr.once('close', onClose);
  });
}
