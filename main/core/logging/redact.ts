// Redaction layer: every log line passes through here before it reaches a file or the
// console. Secrets must never be written (DESIGN §3: secrets live in the keychain only).
export const REDACTED = '[masqué]';

/** Field names whose values are always secret, whatever their content. */
const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|authori[sz]ation|cookie|api[-_]?key|credential|private[-_]?key|pkcs12|p12|\bpin\b|mot[-_ ]?de[-_ ]?passe/i;

// Patterns that find secrets inside free text (error messages, URLs, headers).
const TEXT_PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Authorization: Basic xxx / Bearer xxx / Proxy-Authorization headers, any quoting
  [
    /((?:proxy-)?authori[sz]ation["']?\s*[:=]\s*["']?)(?:(basic|bearer|digest|negotiate|token)\s+)?[^\s"',;}]+/gi,
    (_m, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  // Stray "Basic abc==" / "Bearer abc" without a header name
  [/\b(basic|bearer)\s+[A-Za-z0-9+/._~-]{6,}=*/gi, (_m, scheme: string) => `${scheme} ${REDACTED}`],
  // user:password@ in URLs
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, (_m, head: string) => `${head}${REDACTED}@`],
  // key=value / key: value / "key":"value" for secret-looking keys
  [
    /(["']?[\w.-]*(?:pass(?:word|wd|phrase)?|secret(?!s)|token(?!s)|api[-_]?key|passphrase|mot[-_]de[-_]passe)[\w.-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s&,;}]+)/gi,
    (_m, head: string) => `${head}${REDACTED}`,
  ],
  // PEM private keys (PKCS#8, RSA, encrypted)
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
  ],
  // JWT-like tokens
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a value known to be secret (password typed by the user, PKCS#12 passphrase…). */
  addSecret(value: string | null | undefined): void {
    // Very short values would blank out ordinary words; 4 chars is the floor.
    if (typeof value === 'string' && value.length >= 4) this.secrets.add(value);
  }

  redactText(text: string): string {
    let out = text;
    // Longest first so a secret containing another is removed whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
      const encoded = Buffer.from(secret, 'utf8').toString('base64');
      if (encoded.length >= 8) out = out.split(encoded).join(REDACTED);
      const uri = encodeURIComponent(secret);
      if (uri !== secret) out = out.split(uri).join(REDACTED);
    }
    for (const [pattern, replacement] of TEXT_PATTERNS) {
      out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
    }
    return out;
  }

  /** Deep copy with secret fields masked and every string scrubbed. */
  redactValue(value: unknown, depth = 0): unknown {
    if (depth > 8) return '[…]';
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      return {
        name: value.name,
        message: this.redactText(value.message),
        stack: value.stack ? this.redactText(value.stack) : undefined,
      };
    }
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} octets]`;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] =
        SECRET_KEY.test(key) && v !== null && v !== undefined && v !== '' && typeof v !== 'boolean'
          ? REDACTED
          : this.redactValue(v, depth + 1);
    }
    return out;
  }
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
