import { describe, expect, test } from 'vitest';
import {
  CLASSIFICATION,
  NATURES,
  accessRuleFor,
  classificationLabel,
  searchClassification,
  validateActMetadata,
} from '../../../main/core/acts';
import type { ActMetadata } from '../../../main/contract/types';

describe('validateActMetadata', () => {
  test('valid metadata has no problem', () => {
    expect(
      validateActMetadata({
        nature: 'DE',
        number: '2024_045',
        date: '2024-02-29',
        objet: 'Vote du budget',
        classification: '7.1',
      }),
    ).toEqual([]);
    expect(validateActMetadata({})).toEqual([]);
  });

  test.each<[ActMetadata, keyof ActMetadata, string | RegExp]>([
    [
      { number: '2024-045' },
      'number',
      'Le numéro d’acte ne peut contenir que des chiffres, des majuscules et « _ » (15 caractères au plus).',
    ],
    [{ number: '2024_045_ABCDEFGH' }, 'number', /15 caractères au plus/],
    [{ number: '' }, 'number', /chiffres, des majuscules/],
    [{ date: '2024-02-30' }, 'date', 'La date « 2024-02-30 » n’existe pas ou n’est pas au format AAAA-MM-JJ.'],
    [{ date: '2023-02-29' }, 'date', /n’existe pas/],
    [{ date: '12/03/2024' }, 'date', /AAAA-MM-JJ/],
    [{ objet: '' }, 'objet', 'L’objet de l’acte est vide.'],
    [{ objet: '   ' }, 'objet', /vide/],
    [{ objet: 'ligne 1\nligne 2' }, 'objet', 'L’objet de l’acte ne doit pas contenir de retour à la ligne.'],
    [{ objet: 'é'.repeat(500) }, 'objet', 'L’objet de l’acte est trop long (500 caractères, 499 au plus).'],
    [{ nature: 'XX' as never }, 'nature', /La nature « XX » est inconnue/],
    [{ classification: '7,1' }, 'classification', /La classification « 7,1 » n’a pas le bon format/],
    [{ classification: '0.1' }, 'classification', /bon format/],
  ])('%j → %s', (m, field, message) => {
    const problems = validateActMetadata(m);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message).toMatch(typeof message === 'string' ? new RegExp(`^${escape(message)}$`) : message);
  });

  test('objet of exactly 499 characters is fine', () => {
    expect(validateActMetadata({ objet: 'a'.repeat(499) })).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('natures, classification, access rule', () => {
  test('natures map codes, @CTES numbers and labels', () => {
    expect(NATURES.map((n) => `${n.code}${n.actes}`)).toEqual(['DE1', 'AR2', 'AI3', 'CC4', 'BF5', 'AU6']);
    expect(NATURES.find((n) => n.code === 'CC')?.label).toBe('Contrats, conventions et avenants');
  });

  test('classification data has the nine matières and unique codes', () => {
    const matieres = CLASSIFICATION.filter((c) => !c.code.includes('.'));
    expect(matieres.map((m) => m.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(new Set(CLASSIFICATION.map((c) => c.code)).size).toBe(CLASSIFICATION.length);
    expect(classificationLabel('7.1')).toBe('Décisions budgétaires');
    expect(classificationLabel('1.1.2')).toBe('Marchés publics');
    expect(classificationLabel('9.9')).toBe('Autres domaines de compétences');
  });

  test('searchClassification by code or by words, accent-insensitive', () => {
    expect(searchClassification('7.1')[0]?.code).toBe('7.1');
    expect(searchClassification('7.').every((e) => e.code.startsWith('7.'))).toBe(true);
    expect(searchClassification('budgetaire')[0]?.code).toBe('7.1');
    expect(searchClassification('marches publics').map((e) => e.code)).toContain('1.1');
    expect(searchClassification('zzzz')).toEqual([]);
  });

  test.each<[ActMetadata, string]>([
    [{ nature: 'DE', classification: '7.1' }, 'AR038'],
    [{ nature: 'AI', classification: '4.1' }, 'AR048'],
    [{ nature: 'CC', classification: '4.2' }, 'AR048'],
    [{ nature: 'DE', classification: '4.1' }, 'AR038'],
    [{ nature: 'AI', classification: '8.2' }, 'AR048'],
    [{ nature: 'DE', classification: '8.2' }, 'AR038'],
    [{ nature: 'AI', classification: '8.3' }, 'AR038'],
    [{}, 'AR038'],
  ])('accessRuleFor(%j) = %s', (m, rule) => expect(accessRuleFor(m)).toBe(rule));
});
