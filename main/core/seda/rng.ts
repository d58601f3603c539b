// The archive's SEDA profile (a RelaxNG grammar, as Vitam and as@lae publish them) checked
// against a bordereau before it leaves the machine, with libxml2 compiled to WebAssembly
// (same engine as `xmllint --relaxng`), errors rewritten in French naming the element.
import { validateXML } from 'xmllint-wasm';

/** A profile is a small XML grammar; anything bigger is refused before parsing. */
export const MAX_PROFILE_BYTES = 5 * 1024 * 1024;
const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

export interface RngIssue {
  /** French, shown to the user as is. */
  message: string;
  /** Local name of the element libxml2 blames, when it names one. */
  element: string | null;
  line: number | null;
  /** libxml2's own words, for support. */
  detail: string;
}

export interface RngResult {
  valid: boolean;
  issues: RngIssue[];
}

export class RngProfileError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'RngProfileError';
  }
}

function elementOf(raw: string): string | null {
  return /^element ([^:\s]+):/.exec(raw)?.[1] ?? null;
}

/** One libxml2 RelaxNG message in words a secretary or an archivist can act on. */
export function explainRngError(raw: string): string {
  const el = elementOf(raw);
  const where = el ? `l’élément « ${el} »` : 'un élément';
  let m: RegExpExecArray | null;
  if ((m = /Did not expect element (\S+) there/.exec(raw)))
    return `Le bordereau ne respecte pas le profil d’archivage : l’élément « ${m[1]} » n’est pas prévu à cet endroit.`;
  if ((m = /Expecting (?:an )?element (\S*), got (\S+)/.exec(raw))) {
    const expected = m[1] ? `« ${m[1]} »` : 'un autre élément';
    return m[2] === 'nothing'
      ? `Le bordereau ne respecte pas le profil d’archivage : il manque ${expected} dans ${where}.`
      : `Le bordereau ne respecte pas le profil d’archivage : ${expected} est attendu à la place de « ${m[2]} ».`;
  }
  if ((m = /Invalid attribute (\S+) for element (\S+)/.exec(raw)))
    return `Le bordereau ne respecte pas le profil d’archivage : l’attribut « ${m[1]} » n’est pas prévu sur « ${m[2]} ».`;
  if (/failed to validate attributes/.test(raw))
    return `Le bordereau ne respecte pas le profil d’archivage : un attribut attendu manque sur ${where}.`;
  if ((m = /Type (\S+) doesn't allow value '([^']*)'/.exec(raw)))
    return `Le bordereau ne respecte pas le profil d’archivage : la valeur « ${(m[2] ?? '').slice(0, 80)} » de ${where} n’est pas du type attendu (${m[1]}).`;
  if (/Error validating value/.test(raw))
    return `Le bordereau ne respecte pas le profil d’archivage : la valeur de ${where} n’est pas celle que le profil impose.`;
  if (/has extra content|Extra element/.test(raw))
    return `Le bordereau ne respecte pas le profil d’archivage : ${where} contient une information en trop.`;
  return `Le bordereau ne respecte pas le profil d’archivage (${where}).`;
}

// libxml2 follows a precise line with vaguer ones for the same element ("failed to compare
// type", "failed to validate content", "Error validating datatype"): show the precise one.
const VAGUE = /failed to compare type|failed to validate content|Error validating datatype/;

/** Cheap checks before libxml2 sees the profile: size and a RelaxNG root. */
export function assertRngProfile(rng: string): void {
  if (Buffer.byteLength(rng, 'utf8') > MAX_PROFILE_BYTES)
    throw new RngProfileError('Le profil d’archivage est trop volumineux (5 Mo au plus).', 'size');
  const head = rng.slice(0, 4096);
  if (!head.includes(RNG_NS) || !/<(?:[\w.-]+:)?grammar\b|<(?:[\w.-]+:)?element\b/.test(head))
    throw new RngProfileError(
      'Ce fichier n’est pas un profil d’archivage RelaxNG (.rng) : demandez le profil SEDA à votre service d’archives.',
      'not RelaxNG',
    );
  if (/<!DOCTYPE/i.test(head))
    throw new RngProfileError(
      'Le profil d’archivage contient une déclaration DOCTYPE, refusée par sécurité.',
      'doctype',
    );
}

/** Validates one bordereau against the profile; throws RngProfileError when the profile itself is broken. */
export async function validateAgainstProfile(xml: string, rng: string): Promise<RngResult> {
  assertRngProfile(rng);
  let result;
  try {
    result = await validateXML({
      xml: [{ fileName: 'bordereau.xml', contents: xml }],
      schema: [{ fileName: 'profil.rng', contents: rng }],
      extension: 'relaxng',
      disableFileNameValidation: true,
      maxMemoryPages: 16384,
    });
  } catch (e) {
    const detail = String(e instanceof Error ? e.message : e).slice(0, 2000);
    if (/failed to compile|parser error/.test(detail))
      throw new RngProfileError(
        'Le profil d’archivage est illisible ou incomplet : il ne peut pas servir à vérifier les bordereaux.',
        detail,
      );
    throw e;
  }
  const byPlace = new Map<string, { raw: string; line: number | null }>();
  for (const e of result.errors) {
    const line = e.loc?.lineNumber ?? null;
    const key = `${elementOf(e.message) ?? ''}:${line ?? ''}`;
    const kept = byPlace.get(key);
    if (!kept || (VAGUE.test(kept.raw) && !VAGUE.test(e.message))) byPlace.set(key, { raw: e.message, line });
  }
  const issues: RngIssue[] = [...byPlace.values()].map(({ raw, line }) => ({
    message: explainRngError(raw),
    element: elementOf(raw),
    line,
    detail: raw,
  }));
  return { valid: result.valid, issues };
}

/** Checked once when a profile is imported: compiles it against an empty document. */
export async function checkRngProfile(rng: string): Promise<void> {
  await validateAgainstProfile('<sceau-profile-check/>', rng);
}
