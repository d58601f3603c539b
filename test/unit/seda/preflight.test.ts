import { describe, expect, test } from 'vitest';
import { explainXsdError, preflight } from '../../../main/core/seda';
import { actTransfer, obj, transfer } from '../../integration/seda/fixtures';

const limits = { maxTotalBytes: 150_000_000 };

describe('preflight', () => {
  test('a correct act has no issue', async () => {
    const t = actTransfer(
      { nature: 'DE', number: '2024_045', date: '2024-03-12', objet: 'Vote du budget', classification: '7.1' },
      [['a.pdf', 'act']],
    );
    expect(await preflight(t, '2.1', limits)).toEqual([]);
  });

  test('the archive rules, in French, before anything leaves', async () => {
    const t = transfer(
      {
        title: ' ',
        descriptionLevel: 'File',
        metadata: { number: '2024-045', date: '2024-02-30' },
        children: [],
        objects: [
          obj('vide.pdf', 'act', { size: 0 }),
          obj('CON.pdf', 'annex'),
          obj('a:b?.pdf', 'annex'),
          obj(`${'é'.repeat(130)}.pdf`, 'annex'),
          obj('gros.pdf', 'annex', { size: 200_000_000 }),
          obj('data.bin', 'annex', { format: { mimeType: 'application/octet-stream' } }),
        ],
      },
      { archivalAgreement: '', transferringAgencyId: '' },
    );
    const issues = await preflight(t, '2.2', { maxTotalBytes: 150_000_000, maxFileBytes: 100_000_000 });
    const messages = issues.map((i) => i.message);
    expect(messages).toContain('L’accord de versement n’est pas renseigné : indiquez-le dans les réglages du profil.');
    expect(messages).toContain('Le service versant n’est pas renseigné dans le profil.');
    expect(messages).toContain('Un niveau du versement n’a pas de titre : renseignez l’objet de l’acte.');
    expect(messages).toContain(
      'Le numéro d’acte ne peut contenir que des chiffres, des majuscules et « _ » (15 caractères au plus).',
    );
    expect(messages).toContain('La date « 2024-02-30 » n’existe pas ou n’est pas au format AAAA-MM-JJ.');
    expect(messages).toContain('Le fichier « vide.pdf » est vide : l’archive le refuserait.');
    expect(messages.some((m) => m.startsWith('Le nom du fichier « CON.pdf » est réservé par Windows'))).toBe(true);
    expect(messages.some((m) => m.startsWith('Le nom du fichier « a:b?.pdf » contient un caractère interdit'))).toBe(
      true,
    );
    expect(messages.some((m) => /est trop long \(255 octets au plus\)/.test(m))).toBe(true);
    expect(messages).toContain('Le fichier « gros.pdf » est trop volumineux (200 Mo, 100 Mo au plus).');
    expect(messages.some((m) => m.startsWith('Le versement est trop volumineux (200 Mo'))).toBe(true);
    const fmt = issues.find((i) => i.message.includes('data.bin'));
    expect(fmt?.level).toBe('warning');
    // The empty agreement also breaks the XSD: the raw text is kept, the message is French.
    const xsd = issues.filter((i) => i.detail);
    expect(xsd.length).toBeGreaterThan(0);
    expect(xsd[0]?.message).toMatch(/^Le bordereau n’est pas conforme au SEDA/);
    expect(xsd[0]?.detail).toMatch(/Element/);
  });

  test('XSD messages are translated', () => {
    expect(
      explainXsdError(
        "Element '{fr:gouv:culture:archivesdefrance:seda:v2.1}Foo': This element is not expected. Expected is ( Bar ).",
      ),
    ).toBe('Le bordereau n’est pas conforme au SEDA : l’élément Foo est mal placé ou en trop.');
    expect(explainXsdError("Element '{x}Content': Missing child element(s).")).toMatch(
      /une information obligatoire manque dans Content/,
    );
    expect(
      explainXsdError("Element '{x}ArchivalAgreement': [facet 'minLength'] The value '' has a length of '0'"),
    ).toMatch(/la valeur de ArchivalAgreement/);
  });
});
