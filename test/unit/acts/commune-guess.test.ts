// Issue 17 (wrong-commune risk): the paths of dropped files name their commune by SIREN or
// name, whatever the accents and case; two communes named → ambiguous, never a silent pick.
import { describe, expect, it } from 'vitest';
import { communeKey, guessCommune } from '../../../main/core/acts/commune-guess';

const communes = [
  { id: 'plg', name: 'Commune de Plouguerneau', siren: '212901956' },
  { id: 'spb', name: 'Commune de Saint-Pabu', siren: '212902483' },
  { id: 'brest', name: 'Ville de Brest', siren: '212900195' },
  { id: 'bm', name: 'Brest Métropole', siren: '242900314' },
  { id: 'lnd', name: 'Mairie de Landéda', siren: '212901014' },
];

describe('guessCommune', () => {
  it('reconnaît le nom dans le chemin, sans accents ni casse', () => {
    expect(guessCommune(['/srv/PLOUGUERNEAU/Délibérations/DE_2024_045.pdf'], communes)).toEqual({
      profileId: 'plg',
      ambiguous: false,
      named: ['plg'],
    });
    expect(guessCommune(['C:\\Mairie\\landeda\\budget.pdf'], communes).profileId).toBe('lnd');
    expect(guessCommune(['/partage/saint_pabu/2024/arrete.pdf'], communes).profileId).toBe('spb');
  });

  it('reconnaît le SIREN, même collé à un mot par un séparateur', () => {
    expect(guessCommune(['/scans/212902483_budget_2024.pdf'], communes).profileId).toBe('spb');
    // 9 digits inside a longer number are not a SIREN.
    expect(guessCommune(['/scans/2129024830001.pdf'], communes).profileId).toBeNull();
  });

  it('le nom le plus long l’emporte (« Brest » dans « Brest Métropole »)', () => {
    expect(guessCommune(['/docs/Brest Metropole/DE_2024_001.pdf'], communes).profileId).toBe('bm');
    expect(guessCommune(['/docs/Brest/DE_2024_001.pdf'], communes).profileId).toBe('brest');
  });

  it('deux communes désignées : ambigu, aucune choisie', () => {
    const g = guessCommune(['/a/Plouguerneau/x.pdf', '/a/Landéda/y.pdf', '/a/Plouguerneau/z.pdf'], communes);
    expect(g).toEqual({ profileId: null, ambiguous: true, named: ['plg', 'lnd'] });
  });

  it('rien de désigné : ni choix ni ambiguïté', () => {
    expect(guessCommune(['/home/secretaire/Documents/scan001.pdf'], communes)).toEqual({
      profileId: null,
      ambiguous: false,
      named: [],
    });
    // A word that merely contains a name is not the name.
    expect(guessCommune(['/a/Plouguerneaux/x.pdf'], communes).profileId).toBeNull();
  });

  it('la clé d’une commune ôte « Commune de », « Mairie d’ »…', () => {
    expect(communeKey('Commune de Saint-Pabu')).toBe('saint pabu');
    expect(communeKey('Mairie d’Ouessant')).toBe('ouessant');
    expect(communeKey('Ville de Brest')).toBe('brest');
  });
});
