// Everyday words of a town hall mapped to the national @CTES codes: a secretary types
// « cantine » or « éclairage », not « Enseignement » or « Voirie ». Phrases are matched as whole
// words, accents and case folded, plural « s »/« x » tolerated. Used for search and for
// suggestions from an act's objet and file name; a prefecture's own list is mapped onto
// these codes (its sub-codes under the same heading).
import { CLASSIFICATION, type ClassificationEntry } from './classification';

const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  '1.1': ['marché public', 'marché', 'appel d’offres', 'consultation', 'attribution du marché', 'avenant', 'mapa'],
  '1.2': ['délégation de service public', 'dsp', 'concession de service', 'affermage'],
  '1.4': ['convention', 'contrat'],
  '1.6': ['maîtrise d’œuvre', 'architecte'],
  '2.1': ['plu', 'plui', 'plan local d’urbanisme', 'carte communale', 'scot', 'zonage'],
  '2.2': ['permis de construire', 'permis d’aménager', 'déclaration préalable', 'certificat d’urbanisme'],
  '2.3': ['préemption', 'dia'],
  '3.1': ['acquisition', 'achat de terrain', 'acquérir', 'parcelle'],
  '3.2': ['vente', 'cession', 'aliénation', 'déclassement'],
  '3.3': ['bail', 'location', 'loyer', 'fermage'],
  '3.5': ['domaine public', 'occupation du domaine public', 'terrasse', 'cimetière', 'concession funéraire'],
  '4.1': ['titulaire', 'stagiaire', 'nomination', 'avancement de grade', 'création de poste', 'tableau des effectifs'],
  '4.2': ['contractuel', 'vacataire', 'cdd', 'emploi saisonnier'],
  '4.5': ['rifseep', 'ifse', 'prime', 'régime indemnitaire'],
  '5.1': ['élection du maire', 'élection des adjoints', 'nombre d’adjoints'],
  '5.2': ['règlement intérieur du conseil', 'conseil municipal'],
  '5.3': ['désignation', 'délégué', 'représentant'],
  '5.4': ['délégation au maire', 'délégations du conseil', 'délégation de fonction'],
  '5.5': ['délégation de signature'],
  '5.6': ['indemnités des élus', 'indemnité de fonction', 'formation des élus'],
  '5.7': [
    'communauté de communes',
    'communauté d’agglomération',
    'intercommunalité',
    'epci',
    'syndicat',
    'transfert de compétence',
  ],
  '5.8': ['ester en justice', 'contentieux', 'avocat'],
  '6.1': [
    'police',
    'stationnement',
    'circulation',
    'limitation de vitesse',
    'vitesse',
    'débit de boissons',
    'bruit',
    'chien',
  ],
  '6.4': ['réglementation', 'règlement'],
  '7.1': [
    'budget primitif',
    'budget',
    'compte administratif',
    'compte de gestion',
    'décision modificative',
    'affectation du résultat',
    'compte financier unique',
  ],
  '7.2': ['taux d’imposition', 'taxe foncière', 'taxe d’habitation', 'taxe d’aménagement', 'fiscalité', 'exonération'],
  '7.3': ['emprunt', 'prêt', 'ligne de trésorerie'],
  '7.5': ['subvention', 'association', 'aide financière'],
  '7.6': ['contribution', 'participation', 'sdis'],
  '7.8': ['fonds de concours'],
  '7.10': ['tarif', 'tarification', 'redevance', 'régie', 'admission en non-valeur', 'créance'],
  '8.1': ['école', 'scolaire', 'cantine', 'restauration scolaire', 'périscolaire', 'garderie', 'fournitures scolaires'],
  '8.2': ['ccas', 'aide sociale', 'action sociale', 'colis des aînés'],
  '8.3': [
    'voirie',
    'route',
    'chemin',
    'trottoir',
    'éclairage public',
    'éclairage',
    'enrobé',
    'dénomination des voies',
    'adressage',
  ],
  '8.4': ['aménagement du bourg', 'lotissement', 'aménagement'],
  '8.5': ['logement', 'habitat', 'hlm'],
  '8.7': ['transport', 'bus', 'ramassage scolaire'],
  '8.8': ['environnement', 'assainissement', 'eau potable', 'déchets', 'ordures ménagères', 'spanc', 'eaux pluviales'],
  '8.9': ['culture', 'bibliothèque', 'médiathèque', 'musée', 'fête', 'festival'],
  '9.4': ['motion', 'vœu'],
};

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/[’']/g, ' ').toLowerCase();
}

/** Words of a text, folded; file-name separators count as spaces. */
function words(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function singular(w: string): string {
  return w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w;
}

const COMPILED: Array<{ code: string; phrase: string[]; text: string }> = Object.entries(KEYWORDS).flatMap(
  ([code, phrases]) => phrases.map((p) => ({ code, phrase: words(p).map(singular), text: p })),
);

function contains(hay: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export interface ClassificationSuggestion extends ClassificationEntry {
  /** The everyday words that led to it (« cantine »). */
  because: string[];
  score: number;
}

/** The entry of `list` standing for a national code: itself, else its first sub-code, else its parent. */
function inList(code: string, list: readonly ClassificationEntry[]): ClassificationEntry | undefined {
  const exact = list.find((e) => e.code === code);
  if (exact) return exact;
  const child = list.find((e) => e.code.startsWith(code + '.'));
  if (child) return child;
  const parent = code.split('.')[0]!;
  return list.find((e) => e.code === parent);
}

/**
 * Codes suggested by everyday words found in a text (objet, file name, search box), best
 * first: a longer phrase beats a shorter one (« budget primitif » over « budget »).
 */
export function suggestClassification(
  text: string,
  list: readonly ClassificationEntry[] = CLASSIFICATION,
  limit = 3,
): ClassificationSuggestion[] {
  const hay = words(text).map(singular);
  if (!hay.length) return [];
  const byCode = new Map<string, { because: Set<string>; score: number }>();
  for (const k of COMPILED) {
    if (!contains(hay, k.phrase)) continue;
    const hit = byCode.get(k.code) ?? { because: new Set<string>(), score: 0 };
    hit.because.add(k.text);
    hit.score = Math.max(hit.score, k.phrase.length * 10) + 1;
    byCode.set(k.code, hit);
  }
  const out: ClassificationSuggestion[] = [];
  for (const [code, hit] of [...byCode].sort((a, b) => b[1].score - a[1].score)) {
    const entry = inList(code, list);
    if (!entry || out.some((o) => o.code === entry.code)) continue;
    out.push({ ...entry, because: [...hit.because], score: hit.score });
    if (out.length >= limit) break;
  }
  return out;
}
