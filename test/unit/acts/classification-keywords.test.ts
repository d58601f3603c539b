// Everyday words find the @CTES heading: the words secretaries typed and got nothing for.
import { describe, expect, it } from 'vitest';
import { searchClassification, suggestClassification } from '../../../main/core/acts';
import type { ClassificationEntry } from '../../../main/core/acts';

const codes = (q: string) => searchClassification(q).map((e) => e.code);

describe('classification : mots de tous les jours', () => {
  it.each([
    ['cantine', '8.1'],
    ['tarif', '7.10'],
    ['circulation', '6.1'],
    ['éclairage', '8.3'],
    ['eclairage', '8.3'],
    ['voirie', '8.3'],
    ['budget primitif', '7.1'],
    ['Tarifs', '7.10'],
  ])('« %s » propose %s', (query, code) => {
    expect(codes(query)).toContain(code);
  });

  it('les mots du libellé officiel restent en tête', () => {
    expect(codes('Voirie')[0]).toBe('8.3');
    expect(codes('subventions')[0]).toBe('7.5');
    expect(codes('7.1')[0]).toBe('7.1');
  });

  it('propose depuis l’objet et le nom du fichier, la formule la plus précise d’abord, avec ses raisons', () => {
    const s = suggestClassification('Vote du budget primitif 2024');
    expect(s[0]).toMatchObject({ code: '7.1', because: expect.arrayContaining(['budget primitif']) });
    const fromFile = suggestClassification('DE_2024_045_tarifs_cantine_scolaire.pdf');
    expect(fromFile.map((x) => x.code).sort()).toEqual(['7.10', '8.1']);
    expect(suggestClassification('Nomination d’un adjoint technique stagiaire')[0]!.code).toBe('4.1');
    expect(suggestClassification('')).toEqual([]);
    expect(suggestClassification('zzz qqq')).toEqual([]);
  });

  it('un mot n’est reconnu qu’entier : « prime » ne se lit pas dans « imprimerie »', () => {
    expect(suggestClassification('Achat imprimerie').map((s) => s.code)).not.toContain('4.5');
  });

  it('avec la liste de la préfecture, la suggestion pointe vers ses propres codes', () => {
    const prefecture: ClassificationEntry[] = [
      { code: '8', label: 'Domaines de compétences par thèmes' },
      { code: '8.3', label: 'Voirie' },
      { code: '8.3.1', label: 'Voirie communale' },
      { code: '7', label: 'Finances locales' },
      { code: '7.1', label: 'Décisions budgétaires' },
    ];
    expect(suggestClassification('éclairage public', prefecture)[0]!.code).toBe('8.3');
    // 8.1 absent from this list: its heading 8 stands for it.
    expect(suggestClassification('cantine', prefecture)[0]!.code).toBe('8');
    expect(searchClassification('cantine', 20, prefecture).map((e) => e.code)).toEqual(['8']);
  });
});
