// Which proxy a request goes through: none, the one typed in the settings, or the system's
// (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl and most tools read them).
import { NetError } from './errors';

export type ProxySettings =
  | { mode: 'none' }
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  | { mode: 'system'; env?: Record<string, string | undefined> }
  | { mode: 'manual'; url: string; username?: string; password?: string };

export interface Target {
  secure: boolean;
  host: string;
  port: number;
  path: string;
}

export interface ProxyTarget {
  host: string;
  port: number;
  /** base64 of user:password for Proxy-Authorization: Basic. */
  auth?: string;
}

function envGet(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()];
}

/** NO_PROXY: comma list of host suffixes, `*`, optional :port. */
export function bypassed(noProxy: string | undefined, host: string, port: number): boolean {
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

export function proxyFor(settings: ProxySettings | undefined, target: Target): ProxyTarget | undefined {
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
    throw new NetError('network', 'L’adresse du proxy n’est pas valide.', false);
  }
  username ??= u.username ? decodeURIComponent(u.username) : undefined;
  password ??= u.password ? decodeURIComponent(u.password) : undefined;
  const auth = username ? Buffer.from(`${username}:${password ?? ''}`).toString('base64') : undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 8080, ...(auth ? { auth } : {}) };
}
