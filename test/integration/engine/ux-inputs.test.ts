// Issue 17, engine side of the secretary's inputs: act numbers written any way are
// normalised (not refused), a SIREN pasted with spaces is kept as 9 digits, and no English
// state name reaches a history timeline.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { previewActNumber } from '../../../main/contract/acts/number';
import { DOCUMENT_STATES } from '../../../main/contract/types';
import { journalEntryLabel, STATE_NAMES, STATE_TIMELINE_LABELS } from '../../../main/contract/messages';
import { describeEvent } from '../../../main/cli/events';
import { openDemoEngine, pdfBytes, tempDir, writeFiles } from './helpers';

const root = tempDir('sceau-ux-inputs-');
let engine: Engine;
let profileId: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const demo = await openDemoEngine(root, [{ name: 'Commune de Plouguerneau', siren: '212 901 956' }]);
  ({ engine, close } = demo);
  profileId = demo.profileIds[0]!;
});

afterAll(() => close());

const englishStateName = new RegExp(`\\b(${DOCUMENT_STATES.join('|')})\\b`);

describe('numéro d’acte', () => {
  it.each([['2024-045'], ['2024/045'], ['2024.045'], [' 2024 045 '], ['2024–045']])(
    '« %s » est enregistré « 2024_045 », sans refus',
    async (typed) => {
      const [file] = writeFiles(path.join(root, 'drop', encodeURIComponent(typed)), {
        'scan.pdf': pdfBytes(`Acte ${typed}`),
      });
      const id = (await engine.handlers.intakePaths({ profileId, paths: [file!] })).documentIds[0]!;
      const d = await engine.handlers.updateMetadata({
        id,
        metadata: { nature: 'DE', number: typed, date: '2024-03-12', objet: 'Tarifs cantine', classification: '7.1' },
      });
      expect(d.metadata.number).toBe('2024_045');
      expect(d.validation).toEqual([]);
      expect(d.state).toBe('ready');
    },
  );

  it('un numéro impossible reste refusé avec un message français', async () => {
    const [file] = writeFiles(path.join(root, 'drop', 'long'), { 'long.pdf': pdfBytes('Acte long') });
    const id = (await engine.handlers.intakePaths({ profileId, paths: [file!] })).documentIds[0]!;
    const d = await engine.handlers.updateMetadata({ id, metadata: { number: '2024-045-000000000000' } });
    expect(d.metadata.number).toBe('2024-045-000000000000');
    expect(d.validation.find((v) => v.field === 'number')?.message).toMatch(/numéro d’acte/);
  });

  it('l’aperçu que montre le formulaire applique la même règle', () => {
    expect(previewActNumber('2024-045')).toEqual({
      normalised: '2024_045',
      changed: true,
      valid: true,
      message: '« 2024-045 » sera enregistré « 2024_045 ».',
    });
    expect(previewActNumber('2024_045')).toMatchObject({ normalised: '2024_045', changed: false, message: '' });
    expect(previewActNumber('2024-045b').normalised).toBe('2024_045B');
    expect(previewActNumber('x'.repeat(20))).toMatchObject({ valid: false });
    expect(previewActNumber('x'.repeat(20)).message).toMatch(/15 caractères/);
  });
});

describe('SIREN collé avec des espaces', () => {
  it('« 212 901 227 » est enregistré sur 9 chiffres', async () => {
    const created = await engine.handlers.createProfile({
      profile: { name: 'Commune de Landéda', siren: '212 901 227', archiveKind: 'demo' },
    });
    expect(created.siren).toBe('212901227');
    const nbsp = await engine.handlers.updateProfile({ id: created.id, profile: { siren: '212\u00a0901\u202f227' } });
    expect(nbsp.siren).toBe('212901227');
    const first = (await engine.handlers.listProfiles({})).find((p) => p.id === profileId);
    expect(first?.siren).toBe('212901956');
  });

  it('un SIREN qui n’a pas 9 chiffres est refusé en français', async () => {
    await expect(
      engine.handlers.createProfile({ profile: { name: 'Commune X', siren: '212 901 22', archiveKind: 'demo' } }),
    ).rejects.toThrow(/Le SIREN comporte 9 chiffres/);
    await expect(
      engine.handlers.createProfile({ profile: { name: 'Commune Y', siren: '2129O1227', archiveKind: 'demo' } }),
    ).rejects.toThrow(/Le SIREN comporte 9 chiffres/);
  });
});

describe('catalogue des messages', () => {
  it('aucun libellé d’historique envoyé par le moteur n’est un nom d’état anglais', async () => {
    const [file] = writeFiles(path.join(root, 'drop', 'timeline'), { 'DE_2024_050_Voirie.pdf': pdfBytes('Voirie') });
    const id = (await engine.handlers.intakePaths({ profileId, paths: [file!] })).documentIds[0]!;
    await engine.handlers.updateMetadata({ id, metadata: { objet: 'Voirie communale' } });
    await engine.handlers.ignoreDocuments({ ids: [id] });
    const d = await engine.handlers.getDocument({ id });
    expect(d.timeline.length).toBeGreaterThanOrEqual(4);
    for (const entry of d.timeline) {
      expect(entry.label).not.toMatch(englishStateName);
      expect(entry.label).toMatch(/^[A-ZÀ-Ý]/);
    }
    expect(d.timeline[0]?.label).toBe('Fichier détecté');
  });

  it('chaque état a un nom et un libellé français, et un type inconnu n’est jamais montré brut', () => {
    for (const s of DOCUMENT_STATES) {
      expect(STATE_NAMES[s]).not.toMatch(englishStateName);
      expect(STATE_TIMELINE_LABELS[s]).not.toMatch(englishStateName);
    }
    expect(journalEntryLabel('detected')).toBe('Fichier détecté');
    expect(journalEntryLabel('future_type')).toBe('Événement enregistré');
    expect(journalEntryLabel('__proto__')).toBe('Événement enregistré');
  });

  it('la ligne de journal du CLI nomme les états en français', () => {
    for (const to of DOCUMENT_STATES) {
      const line = describeEvent({
        type: 'document.state',
        documentId: 'd1',
        profileId: 'p1',
        from: 'sealed',
        to,
        at: '',
      });
      expect(line?.replace('document d1', '')).not.toMatch(englishStateName);
    }
  });
});
