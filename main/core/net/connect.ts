// Opening a connection ready for HTTP: TCP to the server or to the proxy, the CONNECT tunnel
// for HTTPS through a proxy, then TLS verified against the server's own name and pins. The
// connect timeout and the caller's abort cover every step.
import net from 'node:net';
import tls from 'node:tls';
import { NetError } from './errors';
import { toNetError, type NetMessages } from './messages';
import type { ProxyTarget, Target } from './proxy';
import { serverIdentityCheck, type TlsSettings } from './trust';

export interface ConnectOptions {
  target: Target;
  proxy: ProxyTarget | undefined;
  tls: TlsSettings;
  /** Reused across requests of one client (built lazily by the caller). */
  secureContext: () => tls.SecureContext;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  messages: NetMessages;
}

export function parseTarget(url: string, m: NetMessages): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NetError('refused', m.badUrl, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new NetError('refused', m.badUrl, false);
  const secure = u.protocol === 'https:';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { secure, host, port: u.port ? Number(u.port) : secure ? 443 : 80, path: `${u.pathname}${u.search}` };
}

export function authority(target: Pick<Target, 'host' | 'port'>): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

/**
 * Waits for a socket to reach `ready` (connect / secureConnect); on abort (timeout or the
 * caller's signal) destroys it and fails with the matching French error.
 */
function settle(
  socket: net.Socket,
  ready: 'connect' | 'secureConnect',
  signal: AbortSignal,
  abortError: () => NetError,
): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(abortError());
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

/** TCP (or proxy tunnel) then TLS; resolves with a socket ready for HTTP. */
export async function openConnection(o: ConnectOptions): Promise<net.Socket> {
  const m = o.messages;
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, o.timeoutMs);
  const abortError = () =>
    timedOut ? new NetError('timeout', m.connectTimeout, true) : new NetError('network', m.aborted, true);
  let raw: net.Socket | undefined;
  try {
    const { target, proxy } = o;
    raw = await settle(
      net.connect({ host: proxy ? proxy.host : target.host, port: proxy ? proxy.port : target.port }),
      'connect',
      ac.signal,
      abortError,
    );
    if (proxy && target.secure) await tunnel(raw, target, proxy, ac.signal, abortError, m);
    if (!target.secure) return raw;
    const pins = o.tls.pinnedSpkiSha256?.filter(Boolean) ?? [];
    const secured = tls.connect({
      socket: raw,
      servername: net.isIP(target.host) ? undefined : target.host,
      host: target.host,
      secureContext: o.secureContext(),
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
      checkServerIdentity: serverIdentityCheck(pins),
    });
    return await settle(secured, 'secureConnect', ac.signal, abortError);
  } catch (err) {
    raw?.destroy();
    throw toNetError(err, false, m);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** HTTP CONNECT through the proxy; on success the socket carries the tunnel. */
function tunnel(
  socket: net.Socket,
  target: Target,
  proxy: ProxyTarget,
  signal: AbortSignal,
  abortError: () => NetError,
  m: NetMessages,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const where = authority(target);
    let head = `CONNECT ${where} HTTP/1.1\r\nHost: ${where}\r\n`;
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
      reject(abortError());
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      cleanup();
      reject(new NetError('network', m.proxyRefused, true));
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 16384) onError(new NetError('network', m.proxyRefused, true));
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
        reject(new NetError('auth', m.proxyAuth, false, false, 407));
      } else {
        socket.destroy();
        reject(new NetError('network', `${m.proxyRefused} (HTTP ${status || '?'})`, true, false, status || undefined));
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
  });
}
