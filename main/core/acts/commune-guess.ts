// Which commune do dropped files belong to? A path that carries a commune's SIREN or its name
// (« …/Plouguerneau/Délibérations/… », « 212901956_budget.pdf »), accents and case aside,
// points to that commune. Pure: the intake handler and the renderer's drop dialog use it.
import { fold } from './text';

export interface CommuneCandidate {
  id: string;
  name: string;
  siren: string;
}

export interface CommuneGuess {
  /** The one commune the paths point to, or null (none named, or several). */
  profileId: string | null;
  /** Paths name two or more different communes. */
  ambiguous: boolean;
  /** Every commune some path names, most named first. */
  named: string[];
}

// « Commune de », « Mairie d’ », « Ville de »… are how profiles are named, not how folders are.
const PREFIX = /^(?:commune|mairie|ville|communaute de communes) (?:(?:de la|de l|du|des|de|d) )?/;

/** `Commune de Saint-Pabu` → `saint pabu` (words separated by one space). */
export function communeKey(name: string): string {
  const words = fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const bare = words.replace(PREFIX, '').trim();
  return bare.length >= 3 ? bare : words;
}

function pathWords(p: string): string {
  return ` ${fold(p)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** The communes one path names: by SIREN (9 digits on their own) or by name (whole words). */
function namedBy(p: string, candidates: CommuneCandidate[]): string[] {
  const words = pathWords(p);
  const digits = ` ${p.replace(/[^0-9]+/g, ' ')} `;
  const hits = candidates
    .map((c) => ({ c, key: communeKey(c.name) }))
    .filter(({ c, key }) => (/^\d{9}$/.test(c.siren) && digits.includes(` ${c.siren} `)) || words.includes(` ${key} `));
  // « Brest » inside « Brest Métropole »: the longer name wins.
  return hits
    .filter(({ key }) => !hits.some((h) => h.key !== key && h.key.includes(key) && words.includes(` ${h.key} `)))
    .map(({ c }) => c.id);
}

export function guessCommune(paths: readonly string[], candidates: readonly CommuneCandidate[]): CommuneGuess {
  const counts = new Map<string, number>();
  for (const p of paths) for (const id of namedBy(p, [...candidates])) counts.set(id, (counts.get(id) ?? 0) + 1);
  const named = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  if (named.length === 1) return { profileId: named[0]!, ambiguous: false, named };
  return { profileId: null, ambiguous: named.length > 1, named };
}
