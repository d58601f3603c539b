// @CTES classification (matières / sous-matières) as data. The full list is set per
// collectivité by its prefecture; this is the common national base, extendable.

export interface ClassificationEntry {
  code: string;
  label: string;
}

export const CLASSIFICATION: readonly ClassificationEntry[] = [
  { code: '1', label: 'Commande publique' },
  { code: '1.1', label: 'Marchés publics' },
  { code: '1.2', label: 'Délégation de service public' },
  { code: '1.3', label: 'Conventions de mandat' },
  { code: '1.4', label: 'Autres types de contrats' },
  { code: '1.5', label: 'Transactions (protocole d\u2019accord transactionnel)' },
  { code: '1.6', label: 'Maîtrise d\u2019œuvre' },
  { code: '1.7', label: 'Actes spéciaux et divers' },
  { code: '2', label: 'Urbanisme' },
  { code: '2.1', label: 'Documents d\u2019urbanisme' },
  { code: '2.2', label: 'Actes relatifs au droit d\u2019occupation ou d\u2019utilisation des sols' },
  { code: '2.3', label: 'Droit de préemption urbain' },
  { code: '3', label: 'Domaine et patrimoine' },
  { code: '3.1', label: 'Acquisitions' },
  { code: '3.2', label: 'Aliénations' },
  { code: '3.3', label: 'Locations' },
  { code: '3.4', label: 'Limites territoriales' },
  { code: '3.5', label: 'Actes de gestion du domaine public' },
  { code: '3.6', label: 'Autres actes de gestion du domaine privé' },
  { code: '4', label: 'Fonction publique' },
  { code: '4.1', label: 'Personnel titulaires et stagiaires de la fonction publique territoriale' },
  { code: '4.2', label: 'Personnel contractuel' },
  { code: '4.3', label: 'Fonction publique hospitalière' },
  { code: '4.4', label: 'Autres catégories de personnels' },
  { code: '4.5', label: 'Régime indemnitaire' },
  { code: '5', label: 'Institutions et vie politique' },
  { code: '5.1', label: 'Élection exécutif' },
  { code: '5.2', label: 'Fonctionnement des assemblées' },
  { code: '5.3', label: 'Désignation de représentants' },
  { code: '5.4', label: 'Délégation de fonctions' },
  { code: '5.5', label: 'Délégation de signature' },
  { code: '5.6', label: 'Exercice des mandats locaux' },
  { code: '5.7', label: 'Intercommunalité' },
  { code: '5.8', label: 'Décision d\u2019ester en justice' },
  { code: '6', label: 'Libertés publiques et pouvoirs de police' },
  { code: '6.1', label: 'Police municipale' },
  { code: '6.2', label: 'Pouvoir du président du conseil général' },
  { code: '6.3', label: 'Pouvoir du président du conseil régional' },
  { code: '6.4', label: 'Autres actes réglementaires' },
  { code: '6.5', label: 'Actes pris au nom de l\u2019État' },
  { code: '7', label: 'Finances locales' },
  { code: '7.1', label: 'Décisions budgétaires' },
  { code: '7.2', label: 'Fiscalité' },
  { code: '7.3', label: 'Emprunts' },
  { code: '7.4', label: 'Interventions économiques' },
  { code: '7.5', label: 'Subventions' },
  { code: '7.6', label: 'Contributions budgétaires' },
  { code: '7.7', label: 'Avances' },
  { code: '7.8', label: 'Fonds de concours' },
  { code: '7.9', label: 'Prise de participation (SEM, etc.)' },
  { code: '7.10', label: 'Divers' },
  { code: '8', label: 'Domaines de compétences par thèmes' },
  { code: '8.1', label: 'Enseignement' },
  { code: '8.2', label: 'Aide sociale' },
  { code: '8.3', label: 'Voirie' },
  { code: '8.4', label: 'Aménagement du territoire' },
  { code: '8.5', label: 'Politique de la ville, habitat, logement' },
  { code: '8.6', label: 'Emploi, formation professionnelle' },
  { code: '8.7', label: 'Transports' },
  { code: '8.8', label: 'Environnement' },
  { code: '8.9', label: 'Culture' },
  { code: '9', label: 'Autres domaines de compétences' },
  { code: '9.1', label: 'Autres domaines de compétences des communes' },
  { code: '9.2', label: 'Autres domaines de compétences des départements' },
  { code: '9.3', label: 'Autres domaines de compétences des régions' },
  { code: '9.4', label: 'Vœux et motions' },
];

/** `7`, `7.1`, `1.1.2` … (matière 1–9, up to four sub-levels: the five of @CTES files). */
export const CLASSIFICATION_PATTERN = /^[1-9](?:\.[1-9][0-9]?){0,4}$/;

export function isClassificationFormat(code: string): boolean {
  return CLASSIFICATION_PATTERN.test(code);
}

/**
 * Label of the code, or of its closest known parent (`1.1.2` → Marchés publics): in the
 * collectivité's own list first (from its prefecture), then in the national base.
 */
export function classificationLabel(code: string, list?: readonly ClassificationEntry[]): string | undefined {
  let c = code;
  for (;;) {
    const hit = list?.find((e) => e.code === c) ?? CLASSIFICATION.find((e) => e.code === c);
    if (hit) return hit.label;
    const dot = c.lastIndexOf('.');
    if (dot < 0) return undefined;
    c = c.slice(0, dot);
  }
}

/** Whether a code is in the collectivité's list (its prefecture's classification). */
export function inClassificationList(code: string, list: readonly ClassificationEntry[]): boolean {
  return list.some((e) => e.code === code);
}
