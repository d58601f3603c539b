// Turning archive answers into results or French errors, shared by both connectors.
import { ReplyParseError } from '../seda/replies';
import { ArchiveError } from './connector';
import { isJsonType, isXmlType, mediaType } from '../net/content';
import type { HttpResponse } from '../net/http-client';

export const GARBAGE =
  'Le serveur n’a pas renvoyé une réponse compréhensible. Vérifiez l’adresse de l’archive dans les réglages.';

/** The archive's own words from a JSON error body (as@lae / Vitam), when present. */
export function serverMessage(res: HttpResponse): string | undefined {
  if (!isJsonType(res)) return undefined;
  try {
    const j: unknown = JSON.parse(res.body.toString('utf8'));
    if (typeof j === 'string') return j.slice(0, 500);
    if (j && typeof j === 'object') {
      const o = j as Record<string, unknown>;
      for (const k of ['description', 'message', 'error', 'detail']) {
        const v = o[k];
        if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 500);
      }
    }
  } catch {
    /* not JSON after all */
  }
  return undefined;
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; undefined when absent or unusable. */
export function retryAfterMs(res: HttpResponse, now = Date.now()): number | undefined {
  const raw = res.headers['retry-after'];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!v) return undefined;
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  // An IMF-fixdate (or the obsolete forms): a time of day in it, not a bare number.
  const at = /\d{2}:\d{2}:\d{2}/.test(v) ? Date.parse(v) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Non-success status ⇒ ArchiveError; `uploaded` marks calls whose body may have been taken. */
export function statusError(res: HttpResponse, what: string, authMessage: string, uploaded = false): ArchiveError {
  const s = res.status;
  const said = serverMessage(res);
  const suffix = said ? ` Message de l’archive : « ${said} »` : '';
  if (s === 401 || s === 403) return new ArchiveError('auth', authMessage, false, false, s);
  if (s === 407)
    return new ArchiveError(
      'auth',
      'Le proxy demande une authentification : vérifiez l’identifiant et le mot de passe du proxy.',
      false,
      false,
      s,
    );
  if (s >= 500)
    return new ArchiveError(
      'server',
      `L’archive a rencontré une erreur interne (HTTP ${s}) pendant ${what}. Un nouvel essai sera fait plus tard.${suffix}`,
      true,
      uploaded,
      s,
      retryAfterMs(res),
    );
  if (s === 408 || s === 429)
    return new ArchiveError(
      'server',
      `L’archive est surchargée (HTTP ${s}) pendant ${what}. Un nouvel essai sera fait plus tard.`,
      true,
      uploaded,
      s,
      retryAfterMs(res),
    );
  if (s === 409)
    return new ArchiveError(
      'refused',
      `L’archive a déjà reçu un transfert portant cet identifiant.${suffix}`,
      false,
      false,
      s,
    );
  if (s === 413)
    return new ArchiveError(
      'refused',
      `L’archive refuse un envoi aussi volumineux (HTTP 413).${suffix}`,
      false,
      false,
      s,
    );
  if (s >= 400) return new ArchiveError('refused', `L’archive a refusé ${what} (HTTP ${s}).${suffix}`, false, false, s);
  return new ArchiveError(
    'protocol',
    `Réponse inattendue de l’archive pendant ${what} (HTTP ${s}).`,
    true,
    uploaded,
    s,
  );
}

export function parseJsonAnswer(res: HttpResponse, uploaded = false): unknown {
  const t = mediaType(res);
  // Tolerate a missing or text/plain type, refuse anything that is clearly not JSON (HTML error pages).
  if (t && !isJsonType(res) && t !== 'text/plain')
    throw new ArchiveError('protocol', GARBAGE, true, uploaded, res.status);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new ArchiveError('protocol', GARBAGE, true, uploaded, res.status);
  }
}

export function requireXml(res: HttpResponse): string {
  const t = mediaType(res);
  if (t && !isXmlType(res)) throw new ArchiveError('protocol', GARBAGE, true, false, res.status);
  return res.body.toString('utf8');
}

export function anotherTransfer(expected: string, got: string | undefined): ArchiveError {
  // The archive's text, shown and stored as the last error: never repeated at any length.
  const shown = got === undefined ? 'aucun identifiant' : got.length > 120 ? `${got.slice(0, 120)}…` : got;
  return new ArchiveError(
    'protocol',
    `L’archive a envoyé une réponse pour un autre transfert (attendu « ${expected} », reçu « ${shown} »).`,
    true,
  );
}

/**
 * Reads an Acknowledgement / ArchiveTransferReply with the safe SEDA parser. Anything it
 * refuses (garbage, DOCTYPE/ENTITY, XML bomb, missing mandatory element) is the usual
 * protocol error: the archive's answer is not understood, a later poll may do better.
 */
export function readReply<T>(parse: (xml: string) => T, xml: string): T {
  try {
    return parse(xml);
  } catch (e) {
    if (e instanceof ReplyParseError) throw new ArchiveError('protocol', GARBAGE, true, false, 200);
    throw e;
  }
}

/** Enough for the user to act on; a reply listing 30,000 reasons must not become the message. */
export const REASONS_MAX_CHARS = 1_500;

/**
 * Distinct reasons in order, up to REASONS_MAX_CHARS in all, then a count of the others. The
 * texts are produced lazily: past the budget each one is only counted (a Set, not a list scan:
 * 30,000 reasons took the engine's thread 20 s with `includes`).
 */
export function boundedReasons(texts: Iterable<string | undefined>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  let more = 0;
  for (const t of texts) {
    if (!t || seen.has(t)) continue;
    seen.add(t);
    if (total >= REASONS_MAX_CHARS) {
      more++;
      continue;
    }
    const room = REASONS_MAX_CHARS - total;
    const kept = t.length > room ? `${t.slice(0, room)}…` : t;
    out.push(kept);
    total += kept.length;
  }
  if (more) out.push(`… et ${more} autre(s) motif(s)`);
  return out;
}
