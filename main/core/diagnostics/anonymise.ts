// What leaves the PC in a diagnostic report. Decisions (documented in docs/deploiement.md):
// - SIREN and commune names are KEPT: public data (répertoire SIRENE), and support needs
//   them to find the service versant on the archive side.
// - Logins, e-mail addresses and secrets are REMOVED; TLS pins and CA certificates are
//   replaced by a count (public, but noisy and useless for support).
// - Absolute paths are REDUCED to their last segment (user names hide in home folders).
import { basename } from 'node:path';
import { Redactor, REDACTED, isSecretKey } from '../logging/redact';

const PERSONAL_KEY = /^(login|username|user|email|e-?mail|owner)$/i;
const ABSOLUTE_PATH = /^(?:[A-Za-z]:[\\/]|\\\\|\/)/;

export function reducePath(path: string): string {
  const name = basename(path.replace(/[\\/]+$/, '').replace(/\\/g, '/'));
  return name.length > 0 ? `…/${name}` : '…';
}

export function anonymise(value: unknown, redactor: Redactor = new Redactor(), depth = 0): unknown {
  if (depth > 10) return '[…]';
  if (typeof value === 'string') {
    if (ABSOLUTE_PATH.test(value) && !value.includes('\n')) return reducePath(value);
    return redactor
      .redactText(value)
      .replace(/(:\/\/)[^\s/@]+@/g, '$1[masqué]@') // user (and what is left of userinfo) in URLs
      .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[adresse masquée]');
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => anonymise(v, redactor, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'boolean') out[key] = v;
    else if (isSecretKey(key)) out[key] = v === null || v === undefined || v === '' ? v : REDACTED;
    else if (PERSONAL_KEY.test(key)) out[key] = v === '' ? '' : '[masqué]';
    else if (key === 'caPem' && typeof v === 'string') out[key] = '[certificat présent]';
    else if (key === 'spkiPins' && Array.isArray(v)) out[key] = `[${v.length} empreinte(s)]`;
    else out[key] = anonymise(v, redactor, depth + 1);
  }
  return out;
}
