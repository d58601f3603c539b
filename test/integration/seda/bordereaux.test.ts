import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildArchiveTransfer, buildFolderUnit, parseXml, validateSeda } from '../../../main/core/seda';
import type { TransferInput } from '../../../main/core/seda';
import type { SedaVersion } from '../../../main/contract/types';
import { actTransfer, obj, transfer } from './fixtures';
import { xmllintValidate } from './xmllint';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-seda-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES: Array<[string, TransferInput]> = [
  [
    'délibération seule',
    actTransfer(
      { nature: 'DE', number: '2024_045', date: '2024-03-12', objet: 'Vote du budget primitif', classification: '7.1' },
      [['DE_2024_045.pdf', 'act']],
    ),
  ],
  [
    'délibération + annexes + signature',
    actTransfer(
      {
        nature: 'DE',
        number: '2024_046',
        date: '2024-03-12',
        objet: 'Subvention comité des fêtes',
        classification: '7.5',
      },
      [
        ['DE_2024_046.pdf', 'act'],
        ['annexe 1.pdf', 'annex'],
        ['annexe 2.pdf', 'annex'],
        ['DE_2024_046.pdf.p7s', 'signature'],
      ],
    ),
  ],
  [
    'arrêté réglementaire',
    actTransfer(
      { nature: 'AR', number: '2024_17', date: '2024-02-05', objet: 'Fermeture de la voirie', classification: '6.1' },
      [['AR_2024_17.pdf', 'act']],
    ),
  ],
  [
    'arrêté individuel personnel (AR048)',
    actTransfer(
      {
        nature: 'AI',
        number: '2024_003',
        date: '2024-01-09',
        objet: "Nomination d'un adjoint technique stagiaire",
        classification: '4.1',
      },
      [
        ['AI_2024_003.pdf', 'act'],
        ['AI_2024_003_sig.xml', 'signature'],
      ],
    ),
  ],
  [
    'contrat personnel (AR048)',
    actTransfer(
      {
        nature: 'CC',
        number: '2024_12',
        date: '2024-06-30',
        objet: 'Contrat de travail agent contractuel',
        classification: '4.2',
      },
      [['CC_2024_12.pdf', 'act']],
    ),
  ],
  [
    'aide sociale individuelle (AR048)',
    actTransfer(
      { nature: 'AI', number: '2024_88', date: '2024-07-01', objet: 'Aide sociale facultative', classification: '8.2' },
      [['AI_2024_88.pdf', 'act']],
    ),
  ],
  [
    'budget',
    actTransfer(
      { nature: 'BF', number: '2024_01', date: '2024-04-10', objet: 'Budget primitif 2024', classification: '7.1' },
      [
        ['BP2024.pdf', 'act'],
        ['maquette budgétaire.pdf', 'annex'],
      ],
    ),
  ],
  [
    'autre (vœu)',
    actTransfer(
      {
        nature: 'AU',
        number: '2024_9',
        date: '2024-09-30',
        objet: 'Motion de soutien à l\u2019hôpital',
        classification: '9.4',
      },
      [['AU_2024_9.pdf', 'act']],
    ),
  ],
  [
    'caractères spéciaux',
    actTransfer(
      {
        nature: 'DE',
        number: '2024_060',
        date: '2024-05-02',
        objet: 'Vote budget & taxes <TEOM> "2024" l\'an \u0007bip',
        classification: '7.2',
      },
      [['DE 2024 060 & <x>.pdf', 'act']],
      { comment: 'Dépôt « test » & <essai>' },
    ),
  ],
  [
    'accents NFD',
    actTransfer(
      {
        nature: 'DE',
        number: '2024_061',
        date: '2024-05-02',
        objet: 'Re\u0301fection de l\u2019e\u0301glise',
        classification: '3.5',
      },
      [['De\u0301libe\u0301ration.pdf', 'act']],
    ),
  ],
  ['métadonnées incomplètes', actTransfer({ objet: 'Document sans numéro' }, [['scan_0001.pdf', 'act']])],
  ['sans objet', actTransfer({ nature: 'DE' }, [['deliberation.pdf', 'act']])],
  [
    'classification à 3 niveaux',
    actTransfer(
      {
        nature: 'CC',
        number: 'M2024_01',
        date: '2024-02-01',
        objet: 'Marché de travaux voirie lot 2',
        classification: '1.1.2',
      },
      [['marche.pdf', 'act']],
    ),
  ],
  [
    'profil et service de soumission',
    actTransfer(
      { nature: 'DE', number: '2024_070', date: '2024-10-01', objet: 'Éclairage public' },
      [['x.pdf', 'act']],
      { archivalProfile: 'PROFIL_ACTES_V1', submissionAgencyId: 'SERVICE_SECRETARIAT' },
    ),
  ],
  [
    'empreinte Vitam SHA-256',
    actTransfer({ nature: 'DE', number: '2024_071', date: '2024-10-01', objet: 'Tarifs cantine' }, [['x.pdf', 'act']], {
      digestStyle: 'vitam',
    }),
  ],
  [
    'empreinte SHA-512',
    transfer({
      title: 'Registre',
      descriptionLevel: 'Item',
      children: [],
      objects: [obj('registre.pdf', 'act', { digest: { algorithm: 'sha512', hex: 'ab'.repeat(64) } })],
    }),
  ],
  [
    'règle de sort final',
    actTransfer({ nature: 'DE', number: '2024_072', date: '2024-10-01', objet: 'Durée limitée' }, [['x.pdf', 'act']], {
      appraisal: { rule: 'APP0001', finalAction: 'Destroy' },
    }),
  ],
  [
    'format inconnu',
    transfer({
      title: 'Inconnu',
      descriptionLevel: 'Item',
      children: [],
      objects: [obj('data.bin', 'act', { format: { mimeType: 'application/octet-stream' } })],
    }),
  ],
  [
    'objet très long (499)',
    actTransfer({ nature: 'DE', number: '2024_073', date: '2024-10-01', objet: 'é'.repeat(499) }, [['x.pdf', 'act']]),
  ],
  [
    'plusieurs signatures',
    actTransfer({ nature: 'DE', number: '2024_074', date: '2024-10-01', objet: 'Double signature' }, [
      ['x.pdf', 'act'],
      ['x.pdf.p7s', 'signature'],
      ['x-signature.xml', 'signature'],
    ]),
  ],
  [
    'signature seule',
    actTransfer({ nature: 'DE', number: '2024_075', date: '2024-10-01', objet: 'Signature' }, [
      ['x.pdf.p7s', 'signature'],
    ]),
  ],
  [
    'annexe seule',
    actTransfer({ nature: 'DE', number: '2024_076', date: '2024-10-01', objet: 'Annexe' }, [['annexe.pdf', 'annex']]),
  ],
  [
    'date sans heure',
    actTransfer({ nature: 'DE', number: '2024_077', date: '2024-10-01', objet: 'Date seule' }, [['x.pdf', 'act']], {
      date: '2024-10-02',
    }),
  ],
  [
    'mots-clés libres',
    transfer({
      title: 'Plan cadastral',
      descriptionLevel: 'Item',
      keywords: [{ content: 'Saint-Malo', type: 'geogname' }, { content: 'cadastre' }],
      description: 'Plan\nsur deux lignes',
      startDate: '1998-01-01',
      endDate: '1999-12-31',
      children: [],
      objects: [obj('plan.tif', 'act')],
    }),
  ],
  [
    'identifiants longs',
    actTransfer({ nature: 'DE', number: '2024_078', date: '2024-10-01', objet: 'Ids' }, [['x.pdf', 'act']], {
      messageIdentifier: `SCEAU_${'9'.repeat(9)}_20241001_${'F'.repeat(12)}`,
    }),
  ],
];

function consultation(): TransferInput {
  const files = [
    'Règlement de consultation/RC_voirie_2024.pdf',
    'Offres/Entreprise Dupont & Fils/offre technique.pdf',
    'Offres/Entreprise Dupont & Fils/offre financière.pdf',
    'Offres/SARL Martin/offre.pdf',
    "Rapport d'analyse/Rapport analyse des offres 12.05.2024.pdf",
    'Contrat/CC_2024_15_marché voirie (1.1).pdf',
    'Contrat/CC_2024_15_marché voirie.pdf.p7s',
  ];
  return transfer(
    buildFolderUnit(
      'Consultation voirie 2024',
      files.map((p) => ({ relativePath: p, object: obj(p.split('/').pop()!, 'act') })),
    ),
  );
}

function registres(): TransferInput {
  const files = Array.from(
    { length: 12 },
    (_, i) =>
      `${i < 6 ? 'Semestre 1' : 'Semestre 2'}/Mois ${String(i + 1).padStart(2, '0')}/registre_01-${String(i + 1).padStart(2, '0')}-1998.pdf`,
  );
  return transfer(
    buildFolderUnit(
      'Registres des délibérations 1998',
      files.map((p) => ({ relativePath: p, object: obj(p.split('/').pop()!, 'act') })),
    ),
    { digestStyle: 'vitam' },
  );
}

CASES.push(['dossier de consultation (niveaux imbriqués)', consultation()]);
CASES.push(['registres sur une année (3 niveaux)', registres()]);
CASES.push([
  'dossier vide de métadonnées',
  transfer(buildFolderUnit('Divers', [{ relativePath: 'a/b/c/d.pdf', object: obj('d.pdf', 'act') }])),
]);

const VERSIONS: SedaVersion[] = ['2.1', '2.2'];

describe('ArchiveTransfer bordereaux validate against the official XSDs', () => {
  test(`at least 30 bordereaux (${CASES.length * 2} with both versions)`, () =>
    expect(CASES.length * 2).toBeGreaterThanOrEqual(30));

  for (const v of VERSIONS) {
    test(`SEDA ${v}: xmllint and validateSeda agree that all are valid`, async () => {
      const files = CASES.map(([name, t], i) => {
        const f = path.join(tmp, `${v}-${i}.xml`);
        writeFileSync(f, buildArchiveTransfer(t, v));
        return [name, f, t] as const;
      });
      const verdicts = xmllintValidate(
        files.map(([, f]) => f),
        v,
      );
      for (const [name, f] of files) expect(verdicts.get(f), `${name} (xmllint)`).toBe(true);
      for (const [name, , t] of files) {
        const r = await validateSeda(buildArchiveTransfer(t, v), v);
        expect(r.errors, name).toEqual([]);
        expect(r.valid).toBe(true);
      }
    }, 60_000);
  }

  test('content rules: title, language, keywords, dates, access rule, escaping, NFC', () => {
    const xml = buildArchiveTransfer(CASES[8]![1], '2.2');
    expect(xml).toContain('<Title>Vote budget &amp; taxes &lt;TEOM&gt; "2024" l\'an bip</Title>');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('<Comment>Dépôt « test » &amp; &lt;essai&gt;</Comment>');
    const nfd = buildArchiveTransfer(CASES[9]![1], '2.1');
    expect(nfd).toContain('Réfection de l\u2019église'.normalize('NFC'));
    expect(nfd).not.toMatch(/\u0301/);
    const root = parseXml(buildArchiveTransfer(CASES[3]![1], '2.1'));
    expect(root.namespace).toBe('fr:gouv:culture:archivesdefrance:seda:v2.1');
    const text = buildArchiveTransfer(CASES[3]![1], '2.1');
    expect(text).toMatch(/<AccessRule>\s*<Rule>AR048<\/Rule>\s*<StartDate>2024-01-09<\/StartDate>/);
    expect(text).toContain('<KeywordType>genreform</KeywordType>');
    expect(text).toContain(
      '<KeywordContent>4.1 Personnel titulaires et stagiaires de la fonction publique territoriale</KeywordContent>',
    );
    expect(text).toContain("<Title>Signature électronique de l'acte</Title>");
    expect(text).toMatch(/<StartDate>2024-01-09<\/StartDate>\s*<EndDate>2024-01-09<\/EndDate>/);
    expect(text).toContain('algorithm="http://www.w3.org/2001/04/xmlenc#sha256"');
    expect(buildArchiveTransfer(CASES[14]![1], '2.1')).toContain('algorithm="SHA-256"');
    expect(buildArchiveTransfer(CASES[0]![1], '2.1')).toMatch(/<Rule>AR038<\/Rule>/);
  });

  test('folder transfers mirror sub-folders (RecordGrp / SubGrp / Item) with dates bubbling up', () => {
    const xml = buildArchiveTransfer(registres(), '2.2');
    expect(xml.match(/<DescriptionLevel>RecordGrp<\/DescriptionLevel>/g)).toHaveLength(1);
    expect(xml.match(/<DescriptionLevel>SubGrp<\/DescriptionLevel>/g)).toHaveLength(2 + 12);
    expect(xml.match(/<DescriptionLevel>Item<\/DescriptionLevel>/g)).toHaveLength(12);
    expect(xml.match(/<DataObjectGroup /g)).toHaveLength(12);
    expect(xml).toMatch(
      /<Title>Registres des délibérations 1998<\/Title>[\s\S]*?<StartDate>1998-01-01<\/StartDate>\s*<EndDate>1998-12-01<\/EndDate>/,
    );
    const c = buildArchiveTransfer(consultation(), '2.1');
    expect(c).toContain('<Title>Entreprise Dupont &amp; Fils</Title>');
    expect(c).toContain('<Title>Marché voirie</Title>');
    expect(c).toContain('<KeywordReference>1.1</KeywordReference>');
  });
});
