import { describe, expect, it } from 'vitest';
import { parseClassificationFile } from '../../../main/core/acts/classification-file';
import { classificationLabel, isClassificationFormat } from '../../../main/core/acts/classification';
import { searchClassification } from '../../../main/core/acts/classification-search';
import { classificationXml } from '../../tools/classification-xml';

describe('prefecture classification file (@CTES retour de classification)', () => {
  it('reads every level of an ISO-8859-1 file, with its date', () => {
    const list = parseClassificationFile(classificationXml());
    expect(list.date).toBe('2025-09-01');
    expect(list.entries.map((e) => e.code)).toEqual(['1', '1.1', '1.1.2', '1.4', '3', '3.5', '7', '7.1', '7.10']);
    expect(list.entries.find((e) => e.code === '1.1.2')?.label).toBe('Marchés à procédure adaptée');
    expect(list.entries.find((e) => e.code === '7.10')?.label).toBe(
      'Divers (spécifique à la préfecture d’Ille-et-Vilaine)',
    );
  });

  it('reads the same list from a UTF-8 file', () => {
    const a = parseClassificationFile(classificationXml(undefined, '2025-09-01', 'ISO-8859-1'));
    const b = parseClassificationFile(classificationXml(undefined, '2025-09-01', 'UTF-8'));
    expect(b).toEqual(a);
  });

  it('decodes ISO-8859-15 as itself (œ is not ½)', () => {
    const xml = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-15"?><actes:RetourClassification xmlns:actes="x"><actes:Matieres>' +
          '<actes:Matiere1 actes:CodeMatiere="4" actes:Libelle="Main-d\'',
        'latin1',
      ),
      Buffer.from([0xbd]),
      Buffer.from('uvre"/></actes:Matieres></actes:RetourClassification>', 'latin1'),
    ]);
    expect(parseClassificationFile(xml).entries).toEqual([{ code: '4', label: "Main-d'œuvre" }]);
  });

  it('keeps five levels, all accepted by the metadata form', () => {
    const deep = classificationXml([
      {
        code: '8',
        label: 'Domaines de compétences par thèmes',
        children: [
          {
            code: '3',
            label: 'Voirie',
            children: [
              { code: '1', label: 'A', children: [{ code: '2', label: 'B', children: [{ code: '12', label: 'C' }] }] },
            ],
          },
        ],
      },
    ]);
    const codes = parseClassificationFile(deep).entries.map((e) => e.code);
    expect(codes).toEqual(['8', '8.3', '8.3.1', '8.3.1.2', '8.3.1.2.12']);
    for (const code of codes) expect(isClassificationFormat(code), code).toBe(true);
  });

  it('the commune’s list leads search and labels; the national base stays the fallback', () => {
    const { entries } = parseClassificationFile(classificationXml());
    expect(searchClassification('7.1', 20, entries).map((e) => e.code)).toEqual(['7.1', '7.10']);
    expect(searchClassification('procedure adaptee', 20, entries).map((e) => e.code)).toEqual(['1.1.2']);
    expect(classificationLabel('7.10', entries)).toBe('Divers (spécifique à la préfecture d’Ille-et-Vilaine)');
    // Not in the prefecture's list: the national label of the code (or its parent) remains.
    expect(classificationLabel('2.1', entries)).toBe(classificationLabel('2.1'));
    expect(classificationLabel('2.1')).toBeTruthy();
  });

  const bad: Array<[string, Buffer, RegExp]> = [
    ['an empty file', Buffer.alloc(0), /est vide/],
    ['another @CTES message', Buffer.from('<?xml version="1.0"?><actes:ARActe xmlns:actes="x"/>'), /« ARActe »/],
    ['not XML at all', Buffer.from('code;libellé\n1;Commande publique\n'), /illisible/],
    [
      'a DOCTYPE (entity expansion)',
      Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><actes:RetourClassification xmlns:actes="x"/>'),
      /illisible.*DOCTYPE/,
    ],
    [
      'no matière',
      Buffer.from('<actes:RetourClassification xmlns:actes="x"><actes:Matieres/></actes:RetourClassification>'),
      /aucune matière/,
    ],
    [
      'a code that is not a number',
      classificationXml([{ code: 'A', label: 'Lettre' }]),
      /Matière mal formée .*niveau 1, code « A »/,
    ],
    ['a matière without label', classificationXml([{ code: '1', label: '' }]), /Matière mal formée/],
    ['a matière numbered 10 (they are 1 to 9)', classificationXml([{ code: '10', label: 'Dix' }]), /code « 10 »/],
    ['UTF-8 declared but Latin-1 bytes', Buffer.from('<?xml version="1.0"?><a>é</a>', 'latin1'), /UTF-8 valide/],
    ['more than 2 Mo', Buffer.alloc(2 * 1024 * 1024 + 1, 32), /trop volumineux/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses ${what}, in French`, () => {
      expect(() => parseClassificationFile(bytes)).toThrow(message);
    });
  }
});
