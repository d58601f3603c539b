// A commune's own classification (its prefecture's list) through the engine's API: import,
// search, the advice beside a code outside it, the SEDA keyword label, back to national.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../../main/contract/api';
import { classificationXml } from '../../tools/classification-xml';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from './helpers';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('classification of the prefecture', () => {
  it('is imported per commune, leads search and labels, and advises on codes outside it', async () => {
    const root = tempDir('sceau-classification-');
    roots.push(root);
    const engine = await openEngine(path.join(root, 'data'));
    try {
      await engine.start();
      const h = engine.handlers;
      const { id: profileId } = await h.createProfile({
        profile: { name: 'Commune de Bain-de-Bretagne', siren: '213501366', archiveKind: 'demo' },
      });
      const { id: otherId } = await h.createProfile({
        profile: { name: 'Commune voisine', siren: '213502398', archiveKind: 'demo' },
      });
      expect(await h.getClassification({ profileId })).toMatchObject({ source: 'national', fileName: null });

      // A bad file is refused in French and changes nothing.
      await expect(
        h.importClassification({
          profileId,
          fileName: 'acte.xml',
          contentBase64: Buffer.from('<?xml version="1.0"?><actes:ARActe xmlns:actes="x"/>').toString('base64'),
        }),
      ).rejects.toThrow(/n’est pas une classification de la préfecture/);
      expect((await h.getClassification({ profileId })).source).toBe('national');

      const view = await h.importClassification({
        profileId,
        fileName: '/tmp/../classification_035.xml',
        contentBase64: classificationXml().toString('base64'),
      });
      expect(view).toMatchObject({
        source: 'prefecture',
        fileName: 'classification_035.xml',
        date: '2025-09-01',
        count: 9,
      });
      expect(view.importedAt).toBeTruthy();

      // Search: the commune's list; the neighbour keeps the national base.
      const own = await h.searchClassification({ query: '7.1', profileId });
      expect(own).toEqual({
        source: 'prefecture',
        results: [
          { code: '7.1', label: 'Décisions budgétaires' },
          { code: '7.10', label: 'Divers (spécifique à la préfecture d’Ille-et-Vilaine)' },
        ],
      });
      const other = await h.searchClassification({ query: '7.10', profileId: otherId });
      expect(other.source).toBe('national');
      expect(other.results.find((r) => r.code === '7.10')?.label).toBe('Divers');

      // An act filed under a code outside the list gets advice; one inside it does not.
      const dir = path.join(root, 'Actes');
      const [outside, inside] = writeFiles(dir, {
        'DE_2025_101_Subvention au comité des fêtes.pdf': pdfBytes('hors liste'),
        'DE_2025_102_Divers.pdf': pdfBytes('dans la liste'),
      });
      const intake = await h.intakePaths({ profileId, paths: [outside!, inside!] });
      const [outsideId, insideId] = intake.documentIds as [string, string];
      const act = (number: string, objet: string, classification: string) => ({
        nature: 'DE' as const,
        number,
        date: '2025-10-02',
        objet,
        classification,
      });
      await h.updateMetadata({ id: outsideId, metadata: act('2025_101', 'Subvention au comité des fêtes', '7.5') });
      const saved = await h.updateMetadata({ id: insideId, metadata: act('2025_102', 'Divers', '7.10') });
      expect(saved.validation).toEqual([]);
      const advised = await h.getDocument({ id: outsideId });
      expect(advised.validation).toEqual([
        {
          field: 'classification',
          message:
            'Attention : la classification « 7.5 » ne figure pas dans la nomenclature de la préfecture importée pour cette commune.',
        },
      ]);
      // Advice only: the act is still complete and can be deposited.
      expect(advised.state).toBe('ready');

      // The bordereau's classification keyword carries the prefecture's label.
      await h.depositNow({ ids: [insideId] });
      const done = await waitForState(engine, insideId, ['accepted', 'rejected', 'failed'], 60_000);
      expect(done.state).toBe('accepted');
      const bordereau = readFileSync(engine.parts.transfers.get(done.transferId!)!.bordereauPath!, 'utf8');
      expect(bordereau).toContain(
        '<KeywordContent>7.10 Divers (spécifique à la préfecture d’Ille-et-Vilaine)</KeywordContent>',
      );

      // Back to the national base.
      expect(await h.resetClassification({ profileId })).toMatchObject({ source: 'national', fileName: null });
      expect((await h.getDocument({ id: outsideId })).validation).toEqual([]);
      expect((await h.searchClassification({ query: '7.10', profileId })).source).toBe('national');
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('suggests codes from an act’s objet and file name, in the commune’s own list when it has one', async () => {
    const root = tempDir('sceau-classification-suggest-');
    roots.push(root);
    const engine = await openEngine(path.join(root, 'data'));
    try {
      const h = engine.handlers;
      const { id: profileId } = await h.createProfile({
        profile: { name: 'Commune de Bain-de-Bretagne', siren: '213501366', archiveKind: 'demo' },
      });
      const cantine = await h.suggestClassification({ text: 'Tarifs de la cantine scolaire scan0042.pdf', profileId });
      expect(cantine.results[0]).toMatchObject({ code: '8.1', label: 'Enseignement' });
      expect(cantine.results[0]!.because).toEqual(expect.arrayContaining(['cantine', 'scolaire']));
      expect(cantine.results.map((r) => r.code)).toContain('7.10');
      expect((await h.suggestClassification({ text: 'Vote du budget primitif 2024' })).results[0]?.code).toBe('7.1');
      expect((await h.suggestClassification({ text: 'scan0042.pdf', profileId })).results).toEqual([]);
      // Hostile or empty text: no suggestion, no error; too long a text is refused by the contract.
      expect((await h.suggestClassification({ text: '' })).results).toEqual([]);
      expect((await h.suggestClassification({ text: '"); DROP TABLE documents; --' })).results).toEqual([]);
      expect(parseRequest('suggestClassification', { text: 'cantine '.repeat(200) }).ok).toBe(false);
      await h.importClassification({
        profileId,
        fileName: 'classification.xml',
        contentBase64: classificationXml().toString('base64'),
      });
      const own = await h.suggestClassification({ text: 'Tarifs de la cantine scolaire', profileId });
      const list = engine.parts.classifications.get(profileId)!.entries.map((e) => e.code);
      for (const r of own.results) expect(list).toContain(r.code);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
