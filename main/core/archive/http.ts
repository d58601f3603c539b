// The one HTTP(S) layer for every call to an archive: connection setup (direct or through a
// proxy), TLS with the default roots plus an optional custom CA, SPKI pinning, PKCS#12
// client certificates, timeouts, streamed bodies with backpressure, capped answers, and
// failures translated into ArchiveError with a French message that names the problem.
import { createHash, X509Certificate } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { ArchiveError } from './connector';

export interface TlsSettings {
  /** PEM of an extra CA (on-premise PKI); added to the default roots, never replacing them. */
  caPem?: string;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo; the peer must match one of them. */
  pinnedSpkiSha256?: string[];
  /** Client certificate (Vitam mTLS). */
  pfx?: Buffer;
  passphrase?: string;
}

export type ProxySettings =
  | { mode: 'none' }
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  | { mode: 'system'; env?: Record<string, string | undefined> }
  | { mode: 'manual'; url: string; username?: string; password?: string };

export interface HttpClientOptions {
  tls?: TlsSettings;
  proxy?: ProxySettings;
  /** TCP + proxy + TLS handshake. Default 15 s. */
  connectTimeoutMs?: number;
  /** No byte in either direction for this long ⇒ timeout. Default 60 s. */
  idleTimeoutMs?: number;
  /** Default cap on an answer body. Default 16 MiB. */
  maxResponseBytes?: number;
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

const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

export const MESSAGES = {
  unknownCa:
    'Le certificat du serveur n’est pas reconnu (autorité inconnue). Si votre archive utilise sa propre autorité de certification, ajoutez-la dans les réglages.',
  wrongHost:
    'Le certificat du serveur ne correspond pas à l’adresse saisie (nom d’hôte différent). Vérifiez l’adresse de l’archive.',
  expired: 'Le certificat du serveur a expiré. Prévenez le service d’archives.',
  notYetValid: 'Le certificat du serveur n’est pas encore valide. Vérifiez la date et l’heure de cet ordinateur.',
  pinMismatch:
    'La clé du certificat du serveur ne correspond pas à l’empreinte enregistrée (épinglage). La connexion a été bloquée par sécurité.',
  clientCertRefused:
    'Le serveur a refusé le certificat client. Vérifiez que le certificat fourni est bien celui enregistré auprès du service d’archives.',
  clientCertMissing: 'Le serveur exige un certificat client (fichier PKCS#12) et aucun n’a été fourni.',
  badPassphrase: 'Le mot de passe du certificat client (fichier PKCS#12) est incorrect, ou le fichier est illisible.',
  tlsOther: 'La connexion sécurisée (TLS) avec le serveur a échoué.',
  refused: 'Le serveur de l’archive refuse la connexion (serveur arrêté ou port incorrect).',
  dns: 'L’adresse du serveur de l’archive est introuvable (nom inconnu). Vérifiez l’adresse et la connexion Internet.',
  reset: 'La connexion avec le serveur a été interrompue.',
  unreachable: 'Le serveur de l’archive est injoignable (réseau indisponible).',
  connectTimeout: 'Le serveur de l’archive ne répond pas (délai de connexion dépassé).',
  idleTimeout: 'Le serveur de l’archive a cessé de répondre (délai d’attente dépassé).',
  proxyAuth: 'Le proxy demande une authentification : vérifiez l’identifiant et le mot de passe du proxy.',
  proxyRefused: 'Le proxy a refusé la connexion vers le serveur de l’archive.',
  tooLarge: 'La réponse du serveur est anormalement volumineuse : elle a été refusée.',
  aborted: 'Opération annulée.',
  badUrl: 'L’adresse de l’archive n’est pas valide.',
} as const;

/** base64 SHA-256 of the DER SubjectPublicKeyInfo of a certificate (PEM or DER). */
export function spkiSha256(cert: string | Buffer): string {
  const x = new X509Certificate(cert);
  const der = x.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

class PinError extends Error {
  readonly code = 'ERR_SCEAU_PIN_MISMATCH';
}

interface Target {
  secure: boolean;
  host: string;
  port: number;
  path: string;
}

function parseTarget(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ArchiveError('refused', MESSAGES.badUrl, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ArchiveError('refused', MESSAGES.badUrl, false);
  const secure = u.protocol === 'https:';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { secure, host, port: u.port ? Number(u.port) : secure ? 443 : 80, path: `${u.pathname}${u.search}` };
}

interface ProxyTarget {
  host: string;
  port: number;
  auth?: string;
}

function envGet(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()];
}

/** NO_PROXY: comma list of host suffixes, `*`, optional :port. */
function bypassed(noProxy: string | undefined, host: string, port: number): boolean {
  if (!noProxy) return false;
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [h, p] = entry.split(':');
    if (p && Number(p) !== port) continue;
    const suffix = (h ?? '').replace(/^\*?\./, '');
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

function proxyFor(settings: ProxySettings | undefined, target: Target): ProxyTarget | undefined {
  if (!settings || settings.mode === 'none') return undefined;
  let url: string | undefined;
  let username: string | undefined;
  let password: string | undefined;
  if (settings.mode === 'manual') {
    ({ url, username, password } = settings);
  } else {
    const env = settings.env ?? process.env;
    if (bypassed(envGet(env, 'NO_PROXY'), target.host.toLowerCase(), target.port)) return undefined;
    url = target.secure ? (envGet(env, 'HTTPS_PROXY') ?? envGet(env, 'HTTP_PROXY')) : envGet(env, 'HTTP_PROXY');
  }
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url.includes('://') ? url : `http://${url}`);
  } catch {
    throw new ArchiveError('network', 'L’adresse du proxy n’est pas valide.', false);
  }
  username ??= u.username ? decodeURIComponent(u.username) : undefined;
  password ??= u.password ? decodeURIComponent(u.password) : undefined;
  const auth = username ? Buffer.from(`${username}:${password ?? ''}`).toString('base64') : undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 8080, ...(auth ? { auth } : {}) };
}

function errCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

/** Translates a low-level failure into an ArchiveError (French, says which problem). */
/**
 * Waits for a socket to reach `ready` (connect / secureConnect); on abort (timeout or the
 * caller's signal) destroys it and fails with the matching French error.
 */
function settle(
  socket: net.Socket,
  ready: 'connect' | 'secureConnect',
  signal: AbortSignal,
  timedOut: () => boolean,
): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(
        timedOut()
          ? new ArchiveError('timeout', MESSAGES.connectTimeout, true)
          : new ArchiveError('network', MESSAGES.aborted, true),
      );
    };
    signal.addEventListener('abort', abort, { once: true });
    socket.once(ready, () => {
      signal.removeEventListener('abort', abort);
      resolve(socket);
    });
    socket.once('error', (e) => {
      signal.removeEventListener('abort', abort);
      reject(e);
    });
  });
}

export function toArchiveError(err: unknown, outcomeUnknown = false): ArchiveError {
  if (err instanceof ArchiveError) {
    if (outcomeUnknown && !err.outcomeUnknown)
      return new ArchiveError(err.code, err.message, err.retryable, true, err.httpStatus);
    return err;
  }
  const code = errCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  const tlsErr = (m: string) => new ArchiveError('tls', m, false, outcomeUnknown);
  if (code === 'ERR_SCEAU_PIN_MISMATCH') return tlsErr(MESSAGES.pinMismatch);
  if (UNKNOWN_CA_CODES.has(code)) return tlsErr(MESSAGES.unknownCa);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return tlsErr(MESSAGES.wrongHost);
  if (code === 'CERT_HAS_EXPIRED') return tlsErr(MESSAGES.expired);
  if (code === 'CERT_NOT_YET_VALID') return tlsErr(MESSAGES.notYetValid);
  if (/CERTIFICATE_REQUIRED/i.test(code) || /certificate required/i.test(msg))
    return tlsErr(MESSAGES.clientCertMissing);
  if (
    /ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|DECRYPT_ERROR|ACCESS_DENIED)/i.test(
      code,
    )
  )
    return tlsErr(MESSAGES.clientCertRefused);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('CERT_'))
    return tlsErr(`${MESSAGES.tlsOther} (${code})`);
  if (code === 'ECONNREFUSED') return new ArchiveError('network', MESSAGES.refused, true, outcomeUnknown);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new ArchiveError('network', MESSAGES.dns, true, outcomeUnknown);
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ECONNABORTED' ||
    code === 'UND_ERR_SOCKET' ||
    /socket hang up/i.test(msg)
  )
    return new ArchiveError('network', MESSAGES.reset, true, outcomeUnknown);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN')
    return new ArchiveError('network', MESSAGES.unreachable, true, outcomeUnknown);
  if (code === 'ETIMEDOUT') return new ArchiveError('timeout', MESSAGES.connectTimeout, true, outcomeUnknown);
  if (code === 'ABORT_ERR' || (err instanceof Error && err.name === 'AbortError'))
    return new ArchiveError('network', MESSAGES.aborted, true, outcomeUnknown);
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_'))
    return new ArchiveError(
      'protocol',
      'Le serveur n’a pas renvoyé une réponse HTTP compréhensible.',
      true,
      outcomeUnknown,
    );
  return new ArchiveError(
    'network',
    `Échec de la communication avec le serveur (${code || msg}).`,
    true,
    outcomeUnknown,
  );
}

function isAbort(signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted);
}

export class HttpClient {
  private secureContext: tls.SecureContext | undefined;
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  /** Built once: default roots + custom CA, client certificate. Bad PKCS#12 ⇒ French error. */
  private context(): tls.SecureContext {
    if (this.secureContext) return this.secureContext;
    const t = this.options.tls ?? {};
    const ctxOptions: tls.SecureContextOptions = {};
    if (t.caPem) {
      const roots =
        typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : [...tls.rootCertificates];
      ctxOptions.ca = [...roots, t.caPem];
    }
    if (t.pfx) {
      ctxOptions.pfx = t.pfx;
      ctxOptions.passphrase = t.passphrase ?? '';
    }
    try {
      this.secureContext = tls.createSecureContext(ctxOptions);
    } catch (err) {
      if (t.pfx) throw new ArchiveError('tls', MESSAGES.badPassphrase, false);
      throw new ArchiveError(
        'tls',
        `Le certificat d’autorité personnalisé est illisible (${errCode(err) || 'PEM invalide'}).`,
        false,
      );
    }
    return this.secureContext;
  }

  /** TCP (or proxy tunnel) then TLS; resolves with a socket ready for HTTP. */
  private async connect(
    target: Target,
    proxy: ProxyTarget | undefined,
    signal: AbortSignal | undefined,
  ): Promise<net.Socket> {
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.connectTimeoutMs);
    let raw: net.Socket | undefined;
    try {
      const tcpHost = proxy ? proxy.host : target.host;
      const tcpPort = proxy ? proxy.port : target.port;
      raw = await settle(net.connect({ host: tcpHost, port: tcpPort }), 'connect', ac.signal, () => timedOut);
      if (proxy && target.secure) await this.tunnel(raw, target, proxy, ac.signal, () => timedOut);
      if (!target.secure) return raw;
      const pins = this.options.tls?.pinnedSpkiSha256?.filter(Boolean) ?? [];
      const secureContext = this.context();
      const tcp = raw;
      const secured = tls.connect({
        socket: tcp,
        servername: net.isIP(target.host) ? undefined : target.host,
        host: target.host,
        secureContext,
        rejectUnauthorized: true,
        ALPNProtocols: ['http/1.1'],
        checkServerIdentity: (host, cert) => {
          const e = tls.checkServerIdentity(host, cert);
          if (e) return e;
          if (pins.length > 0) {
            const got = spkiSha256(cert.raw);
            if (!pins.includes(got)) return new PinError(`pin ${got}`);
          }
          return undefined;
        },
      });
      return await settle(secured, 'secureConnect', ac.signal, () => timedOut);
    } catch (err) {
      raw?.destroy();
      throw toArchiveError(err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** HTTP CONNECT through the proxy; on success the socket carries the tunnel. */
  private tunnel(
    socket: net.Socket,
    target: Target,
    proxy: ProxyTarget,
    signal: AbortSignal,
    timedOut: () => boolean,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
      let head = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n`;
      if (proxy.auth) head += `Proxy-Authorization: Basic ${proxy.auth}\r\n`;
      socket.write(`${head}\r\n`);
      let buf = Buffer.alloc(0);
      const cleanup = () => {
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        socket.destroy();
        reject(
          timedOut()
            ? new ArchiveError('timeout', MESSAGES.connectTimeout, true)
            : new ArchiveError('network', MESSAGES.aborted, true),
        );
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onClose = () => {
        cleanup();
        reject(new ArchiveError('network', MESSAGES.proxyRefused, true));
      };
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > 16384) onError(new ArchiveError('network', MESSAGES.proxyRefused, true));
          return;
        }
        cleanup();
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        if (status === 200) {
          const rest = buf.subarray(end + 4);
          if (rest.length) socket.unshift(rest);
          resolve();
        } else if (status === 407) {
          socket.destroy();
          reject(new ArchiveError('auth', MESSAGES.proxyAuth, false, false, 407));
        } else {
          socket.destroy();
          reject(
            new ArchiveError(
              'network',
              `${MESSAGES.proxyRefused} (HTTP ${status || '?'})`,
              true,
              false,
              status || undefined,
            ),
          );
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onClose);
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    if (isAbort(req.signal)) throw new ArchiveError('network', MESSAGES.aborted, true);
    const target = parseTarget(req.url);
    const proxy = proxyFor(this.options.proxy, target);
    const socket = await this.connect(target, proxy, req.signal);
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const length = body === undefined ? undefined : Buffer.isBuffer(body) ? body.length : body.length;
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'host'))
      headers.Host = `${target.host.includes(':') ? `[${target.host}]` : target.host}${(target.secure && target.port === 443) || (!target.secure && target.port === 80) ? '' : `:${target.port}`}`;
    if (length !== undefined) headers['Content-Length'] = String(length);
    if (proxy && !target.secure && proxy.auth) headers['Proxy-Authorization'] = `Basic ${proxy.auth}`;
    headers.Connection = 'close';
    const path = proxy && !target.secure ? req.url : target.path;
    const maxBytes = req.maxResponseBytes ?? this.maxResponseBytes;

    let bodySent = body === undefined;
    return await new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        socket.destroy();
        // The archive may hold the whole request even though its answer never came.
        reject(toArchiveError(err, bodySent && body !== undefined));
      };
      const onAbort = () => {
        fail(new ArchiveError('network', MESSAGES.aborted, true));
      };
      const cleanup = () => {
        req.signal?.removeEventListener('abort', onAbort);
        socket.setTimeout(0);
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(this.idleTimeoutMs, () => fail(new ArchiveError('timeout', MESSAGES.idleTimeout, true)));

      const cr = http.request({
        method: req.method,
        path,
        headers,
        createConnection: () => socket,
        setHost: false,
      });
      cr.on('error', fail);
      cr.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(new ArchiveError('protocol', MESSAGES.tooLarge, false, false, res.statusCode));
          return;
        }
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            fail(new ArchiveError('protocol', MESSAGES.tooLarge, false, false, res.statusCode));
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new ArchiveError('network', MESSAGES.reset, true)));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            fail(new ArchiveError('network', MESSAGES.reset, true));
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
              await writeChunk(cr, body);
            } else {
              for await (const chunk of body.open()) {
                if (settled) return;
                await writeChunk(cr, chunk);
              }
            }
          }
          cr.end(() => {
            bodySent = true;
          });
        } catch (err) {
          fail(err);
        }
      })();
    });
  }
}

/** Writes and waits for drain when the socket buffer is full (backpressure). */
function writeChunk(cr: http.ClientRequest, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cr.destroyed) {
      reject(new ArchiveError('network', MESSAGES.reset, true));
      return;
    }
    const ok = cr.write(chunk);
    if (ok) {
      resolve();
      return;
    }
    const onDrain = () => {
      cr.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      cr.off('drain', onDrain);
      reject(new ArchiveError('network', MESSAGES.reset, true));
    };
    cr.once('drain', onDrain);
    cr.once('close', onClose);
  });
}

/** Reads a header as one string. */
export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Media type without parameters, lowercased ('' when absent). */
export function mediaType(res: HttpResponse): string {
  return (header(res, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** True for JSON (application/json, +json; text/json tolerated). */
export function isJsonType(res: HttpResponse): boolean {
  const t = mediaType(res);
  return t === 'application/json' || t === 'text/json' || t.endsWith('+json');
}

/** True for XML (application/xml, text/xml, +xml). */
export function isXmlType(res: HttpResponse): boolean {
  const t = mediaType(res);
  return t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml');
}
