// TLS trust for every outgoing call: Node's bundled roots, plus the operating system's store
// (an on-premise PKI installed by the IT department is trusted with no setting), plus an
// optional CA typed in a profile. SPKI pins and PKCS#12 client certificates on top.
import { createHash, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { NetError } from './errors';
import { errCode, type NetMessages } from './messages';

export interface TlsSettings {
  /** PEM of an extra CA (on-premise PKI); added to the roots, never replacing them. */
  caPem?: string;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo; the peer must match one of them. */
  pinnedSpkiSha256?: string[];
  /** Client certificate (Vitam mTLS). */
  pfx?: Buffer;
  passphrase?: string;
}

/** base64 SHA-256 of the DER SubjectPublicKeyInfo of a certificate (PEM or DER). */
export function spkiSha256(cert: string | Buffer): string {
  const x = new X509Certificate(cert);
  const der = x.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

export class PinError extends Error {
  readonly code = 'ERR_SCEAU_PIN_MISMATCH';
}

let roots: string[] | undefined;
let baseContext: tls.SecureContext | undefined;

/**
 * Bundled roots (with NODE_EXTRA_CA_CERTS) + the system store, read once per process (the
 * system store takes ~100 ms to load). Windows: certificate store; macOS: keychain; Linux:
 * OpenSSL's paths (SSL_CERT_FILE / SSL_CERT_DIR or the distribution bundle).
 */
export function trustedRoots(): string[] {
  if (roots) return roots;
  const set = new Set<string>(tls.getCACertificates('default'));
  try {
    for (const c of tls.getCACertificates('system')) set.add(c);
  } catch {
    // No readable system store: the bundled roots still apply.
  }
  roots = [...set];
  return roots;
}

/** Built once per client: roots + custom CA, client certificate. Bad PKCS#12 ⇒ French error. */
export function secureContextFor(t: TlsSettings, m: NetMessages): tls.SecureContext {
  if (!t.caPem && !t.pfx) {
    baseContext ??= tls.createSecureContext({ ca: trustedRoots() });
    return baseContext;
  }
  const options: tls.SecureContextOptions = { ca: t.caPem ? [...trustedRoots(), t.caPem] : trustedRoots() };
  if (t.pfx) {
    options.pfx = t.pfx;
    options.passphrase = t.passphrase ?? '';
  }
  try {
    return tls.createSecureContext(options);
  } catch (err) {
    if (t.pfx) throw new NetError('tls', m.badPassphrase, false);
    throw new NetError(
      'tls',
      `Le certificat d’autorité personnalisé est illisible (${errCode(err) || 'PEM invalide'}).`,
      false,
    );
  }
}

/** Host name check, then the SPKI pins when any are set. */
export function serverIdentityCheck(pins: string[]): (host: string, cert: tls.PeerCertificate) => Error | undefined {
  return (host, cert) => {
    const e = tls.checkServerIdentity(host, cert);
    if (e) return e;
    if (pins.length > 0) {
      const got = spkiSha256(cert.raw);
      if (!pins.includes(got)) return new PinError(`pin ${got}`);
    }
    return undefined;
  };
}
