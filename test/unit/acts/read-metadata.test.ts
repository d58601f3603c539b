import { describe, expect, test } from 'vitest';
import type { ActMetadata, FileRole } from '../../../main/contract/types';
import { previewRules, readActMetadata, validateUserRules } from '../../../main/core/acts';

const nfd = (s: string) => s.normalize('NFD');

type Row = [path: string, expected: ActMetadata, role?: FileRole];

// Realistic names seen in town halls; expected fields written by hand.
const ROWS: Row[] = [
  ['DE_2024_045_vote du budget.pdf', { nature: 'DE', number: '2024_045', objet: 'Vote du budget' }],
  [
    '2024-03-12 Délibération n°2024-045 - tarifs.pdf',
    { nature: 'DE', number: '2024_045', date: '2024-03-12', objet: 'Tarifs' },
  ],
  ['AR-2023-12 arrêté stationnement.pdf', { nature: 'AR', number: '2023_12', objet: 'Arrêté stationnement' }],
  [
    'Arrêté 2024_17 du 05-02-2024 - fermeture voirie.pdf',
    { nature: 'AR', number: '2024_17', date: '2024-02-05', objet: 'Fermeture voirie' },
  ],
  [
    'CM 12.03.2024 - DEL 45 - Budget primitif (7.1).pdf',
    { nature: 'DE', number: '45', date: '2024-03-12', objet: 'Budget primitif', classification: '7.1' },
  ],
  [
    nfd('Délibération 2024-045B du 3 mars 2024 - tarifs cantine.pdf'),
    { nature: 'DE', number: '2024_045B', date: '2024-03-03', objet: 'Tarifs cantine' },
  ],
  ['DE_2024_045B_tarifs.pdf', { nature: 'DE', number: '2024_045B', objet: 'Tarifs' }],
  ['DE__2024__046___subvention   club.pdf', { nature: 'DE', number: '2024_046', objet: 'Subvention club' }],
  ['DE.2024.047.Adhésion.SDE.pdf', { nature: 'DE', number: '2024_047', objet: 'Adhésion SDE' }],
  ['DE-2024-048 – Création de poste.pdf', { nature: 'DE', number: '2024_048', objet: 'Création de poste' }],
  ['AI_2024_003_nomination stagiaire.pdf', { nature: 'AI', number: '2024_003', objet: 'Nomination stagiaire' }],
  [
    'CC_2024_12_convention fourrière (1.4).pdf',
    { nature: 'CC', number: '2024_12', objet: 'Convention fourrière', classification: '1.4' },
  ],
  ['BF 2024 01 budget primitif.pdf', { nature: 'BF', number: '2024_01', objet: 'Budget primitif' }],
  ['AU_2024_9_motion soutien hôpital.pdf', { nature: 'AU', number: '2024_9', objet: 'Motion soutien hôpital' }],
  [
    "Délibération n° 12 du 1er avril 2024 – Taux d'imposition [7.2].pdf",
    { nature: 'DE', number: '12', date: '2024-04-01', objet: "Taux d'imposition", classification: '7.2' },
  ],
  [
    'Deliberation_2023_101_Tarifs_salle_polyvalente.pdf',
    { nature: 'DE', number: '2023_101', objet: 'Tarifs salle polyvalente' },
  ],
  ['delib 2024-07 ouverture crédits.pdf', { nature: 'DE', number: '2024_07', objet: 'Ouverture crédits' }],
  [
    '2024.05.14_DEL_2024_30_rapport annuel eau.pdf',
    { nature: 'DE', number: '2024_30', date: '2024-05-14', objet: 'Rapport annuel eau' },
  ],
  [
    '20240514-DE-2024-31-Marché voirie (1.1).pdf',
    { nature: 'DE', number: '2024_31', date: '2024-05-14', objet: 'Marché voirie', classification: '1.1' },
  ],
  ['Arrêté n°2024-AR-12 - circulation.pdf', { nature: 'AR', number: '2024_AR_12', objet: 'Circulation' }],
  [
    "ARRETE 2024 150 DU 12.06.2024 feu d'artifice.pdf",
    { nature: 'AR', number: '2024_150', date: '2024-06-12', objet: "Feu d'artifice" },
  ],
  [
    'Arrêté du maire n° 88 - permis de stationnement.pdf',
    { nature: 'AI', number: '88', objet: 'Permis de stationnement' },
  ],
  [
    '2024/Délibérations/DE_2024_001_Indemnités élus.pdf',
    { nature: 'DE', number: '2024_001', objet: 'Indemnités élus' },
  ],
  [
    nfd('2024/Arrêtés/AR_2024_045_Réglementation_marché.pdf'),
    { nature: 'AR', number: '2024_045', objet: 'Réglementation marché' },
  ],
  [
    'Arrêtés individuels/2024_12_avancement échelon.pdf',
    { nature: 'AI', number: '2024_12', objet: 'Avancement échelon' },
  ],
  ['2024/Délibérations/045_budget.pdf', { nature: 'DE', number: '045', objet: 'Budget' }],
  [
    '2023/Contrats/CONVENTION_Location_Salle_des_fetes.odt',
    { nature: 'CC', objet: 'CONVENTION Location Salle des fetes' },
  ],
  ['Finances/7.1 Budget/BP 2024.pdf', { nature: 'BF', objet: 'BP 2024', classification: '7.1' }],
  [
    'Décision n° 2024.003 du maire - emprunt 500 000 €.pdf',
    { nature: 'AU', number: '2024_003', objet: 'Emprunt 500 000 €' },
  ],
  [
    'CM du 15-01-2024 DEL 2024 02 Election adjoint (classification 5.1).pdf',
    { nature: 'DE', number: '2024_02', date: '2024-01-15', objet: 'Election adjoint', classification: '5.1' },
  ],
  [
    'Séance du 15 janvier 2024/DCM-2024-01 Election du maire (5.1).pdf',
    { nature: 'DE', number: '2024_01', date: '2024-01-15', objet: 'Election du maire', classification: '5.1' },
  ],
  [
    'DE_2024_060_vote budget & taxes <TEOM>.pdf',
    { nature: 'DE', number: '2024_060', objet: 'Vote budget & taxes <TEOM>' },
  ],
  [
    'séance 12 03 2024 - DE 2024-10 - tarifs.pdf',
    { nature: 'DE', number: '2024_10', date: '2024-03-12', objet: 'Tarifs' },
  ],
  ['DE_2024_061_subvention_annexe 1.pdf', { nature: 'DE', number: '2024_061', objet: 'Subvention annexe 1' }, 'annex'],
  [
    'DE_2024_061_subvention_Annexe_2_plan.pdf',
    { nature: 'DE', number: '2024_061', objet: 'Subvention Annexe 2 plan' },
    'annex',
  ],
  ['DE_2024_061_subvention.pdf.p7s', { nature: 'DE', number: '2024_061', objet: 'Subvention' }, 'signature'],
  ['DE_2024_061_subvention_sig.xml', { nature: 'DE', number: '2024_061', objet: 'Subvention' }, 'signature'],
  ['deliberation.pdf', { nature: 'DE' }],
  ['deliberation-signature.xml', { nature: 'DE' }, 'signature'],
  ['contrat.xades', { nature: 'CC' }, 'signature'],
  ['DE 2024 45.pdf', { nature: 'DE', number: '2024_45' }],
  ['DCM_2024-12-A Jumelage.pdf', { nature: 'DE', number: '2024_12_A', objet: 'Jumelage' }],
  ['AR_2023_12bis_Horaires.pdf', { nature: 'AR', number: '2023_12BIS', objet: 'Horaires' }],
  ['2024-02-30 Délibération n°5 - test.pdf', { nature: 'DE', number: '5', objet: 'Test' }],
  ['Compte administratif 2023.pdf', { nature: 'BF', objet: 'Compte administratif 2023' }],
  ['registre_delib_1998_scan.pdf', { nature: 'DE', objet: 'Registre delib 1998 scan' }],
  ['scan_0001.pdf', { objet: 'Scan 0001' }],
  [
    'DE\u00a02024\u00a0070\u2009-\u2009Éclairage public.pdf',
    { nature: 'DE', number: '2024_070', objet: 'Éclairage public' },
  ],
  [
    'Arrete_2024_20_du_07_03_2024_Marche_de_Noel.pdf',
    { nature: 'AR', number: '2024_20', date: '2024-03-07', objet: 'Marche de Noel' },
  ],
];

describe('readActMetadata — built-in rules', () => {
  test('has at least 40 realistic names', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));
  test.each(ROWS)('%s', (path, expected, role = 'act') => {
    const r = readActMetadata(path);
    expect(r.metadata).toEqual(expected);
    expect(r.role).toBe(role);
    const all = ['nature', 'number', 'date', 'objet', 'classification'] as const;
    expect(r.missing).toEqual(all.filter((f) => expected[f] === undefined));
    if (r.metadata.objet) expect(r.metadata.objet).toBe(r.metadata.objet.normalize('NFC'));
  });

  test('an act, its annexes and signatures share one key', () => {
    const keys = [
      'DE_2024_061_subvention.pdf',
      'DE_2024_061_subvention_annexe 1.pdf',
      'DE_2024_061-ann1.pdf',
      'DE_2024_061_subvention.pdf.p7s',
      'DE_2024_061_subvention_sig.xml',
    ].map((p) => readActMetadata(p).actKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('DE:2024_061');
    const byName = [
      'x/deliberation.pdf',
      'x/deliberation.pdf.p7s',
      'x/deliberation-signature.xml',
      'x/deliberation_annexe.pdf',
    ].map((p) => readActMetadata(p).actKey);
    expect(new Set(byName).size).toBe(1);
    expect(readActMetadata('Annexe 1.pdf').actKey).toBeNull();
    // Short numbers restart every year: folders keep them apart.
    expect(readActMetadata('2023/DE 45 budget.pdf').actKey).not.toBe(readActMetadata('2024/DE 45 budget.pdf').actKey);
    expect(readActMetadata('DE_2024_061_x.pdf').actKey).not.toBe(readActMetadata('DE_2024_062_x.pdf').actKey);
  });

  test('every produced number and objet passes @CTES rules', () => {
    for (const [p] of ROWS) {
      const { metadata } = readActMetadata(p);
      if (metadata.number) expect(metadata.number).toMatch(/^[0-9A-Z_]{1,15}$/);
      if (metadata.objet) {
        expect(metadata.objet.length).toBeGreaterThan(0);
        expect(metadata.objet.length).toBeLessThanOrEqual(499);
        expect(metadata.objet).not.toMatch(/[\r\n]/);
      }
    }
  });

  test('an overlong objet is cut to 499 characters', () => {
    const r = readActMetadata(`DE_2024_001_${'a'.repeat(700)}.pdf`);
    expect(r.metadata.objet?.length).toBe(499);
  });
});

describe('user rules', () => {
  const rules = [
    {
      name: 'Registre Mairie X',
      pattern: '^REG-(?<year>\\d{4})(?<month>\\d{2})(?<day>\\d{2})-(?<number>\\d+)-(?<objet>.+)$',
      natureDefault: 'DE' as const,
    },
    {
      name: 'Par chemin',
      pattern: 'Actes/(?<nature>[A-Z]{2})/(?<number>[0-9_]+) (?<objet>[^/]+)$',
      appliesTo: 'path' as const,
    },
  ];

  test('applied before built-ins, with their name', () => {
    const r = readActMetadata('REG-20240312-17-Vente terrain communal.pdf', rules);
    expect(r.ruleName).toBe('Registre Mairie X');
    expect(r.metadata).toEqual({ nature: 'DE', number: '17', date: '2024-03-12', objet: 'Vente terrain communal' });
    const p = readActMetadata('Mairie/Actes/CC/2024_3 Bail commercial.pdf', rules);
    expect(p.ruleName).toBe('Par chemin');
    expect(p.metadata).toMatchObject({ nature: 'CC', number: '2024_3', objet: 'Bail commercial' });
  });

  test('built-ins still apply when no user rule matches', () => {
    const r = readActMetadata('DE_2024_045_vote du budget.pdf', rules);
    expect(r.ruleName).toMatch(/^Règle intégrée/);
    expect(r.metadata.number).toBe('2024_045');
  });

  test('bad rules give French messages and never break reading', () => {
    const bad = [
      { name: 'cassée', pattern: '(?<number>\\d+' },
      { name: 'vide', pattern: '' },
      { name: 'groupe', pattern: '(?<numero>\\d+)' },
      { name: 'rien', pattern: '\\d+' },
    ];
    const errors = validateUserRules(bad);
    expect(errors.map((e) => e.rule)).toEqual(['cassée', 'vide', 'groupe', 'rien']);
    expect(errors[0]?.message).toMatch(/^Le motif de la règle « cassée » n’est pas une expression régulière valide/);
    expect(errors[2]?.message).toContain('groupe inconnu (numero)');
    const r = readActMetadata('DE_2024_045_vote du budget.pdf', bad);
    expect(r.metadata.number).toBe('2024_045');
    const preview = previewRules(['REG-20240312-17-Vente.pdf', 'scan.pdf'], [...bad, ...rules]);
    expect(preview.ruleErrors).toHaveLength(4);
    expect(preview.rows[0]?.ruleName).toBe('Registre Mairie X');
    expect(preview.rows[1]?.missing).toContain('number');
  });
});
