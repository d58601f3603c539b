// Issue 17 (silence, wrong commune): the commune selector counts what waits per commune, the
// folder cards count their documents with their last activity, and an activity feed says in
// French what happened — files arrived per folder, archived, refused — newest first, by pages.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_STATES } from '../../../main/contract/types';
import { waitForValue as waitFor } from '../../tools/wait';
import { pdfBytes, tempDir, useTwoCommunes, waitForState, writeFiles } from './helpers';

const root = tempDir('sceau-activity-');
const ctx = useTwoCommunes(root);

const englishStateName = new RegExp(`\\b(${DOCUMENT_STATES.join('|')})\\b`);

describe('compteurs et fil d’activité', () => {
  it('un dossier surveillé compte ses documents et date sa dernière activité ; la commune compte ce qui attend', async () => {
    const folderPath = path.join(root, 'Délibérations');
    mkdirSync(folderPath, { recursive: true });
    const folder = await ctx.engine.handlers.addFolder({ profileId: ctx.plg, path: folderPath });
    expect(folder).toMatchObject({ documentCount: 0, lastActivityAt: null, pending: { total: 0 } });
    writeFiles(folderPath, {
      'DE_2024_045_Tarifs cantine.pdf': pdfBytes('Tarifs'),
      'DE_2024_046_Voirie.pdf': pdfBytes('Voirie'),
      'scan001.pdf': pdfBytes('Scan sans nom'),
    });
    const [card] = await waitFor('three documents in the folder card', async () => {
      const f = await ctx.engine.handlers.listFolders({ profileId: ctx.plg });
      return f[0]?.documentCount === 3 ? f : null;
    });
    expect(card?.pending.needsMetadata).toBe(3);
    expect(card?.pending.total).toBe(3);
    expect(Date.parse(card?.lastActivityAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const profiles = await ctx.engine.handlers.listProfiles({});
    const byId = Object.fromEntries(profiles.map((p) => [p.id, p.pending]));
    expect(byId[ctx.plg]).toMatchObject({ needsMetadata: 3, ready: 0, total: 3 });
    expect(byId[ctx.lnd]).toMatchObject({ total: 0 });

    // The arrivals of one folder are one counting line.
    const feed = await waitFor('the arrival line', async () => {
      const r = await ctx.engine.handlers.listActivity({ profileId: ctx.plg });
      return r.rows.find((x) => x.kind === 'sealed' && x.count === 3) ? r : null;
    });
    expect(feed.rows[0]).toMatchObject({
      kind: 'sealed',
      count: 3,
      text: '3 fichiers reçus et scellés — dossier « Délibérations »',
    });
  });

  it('un dépôt accepté et un dépôt refusé y figurent, en français, du plus récent au plus ancien', async () => {
    const [ok, ko] = writeFiles(path.join(root, 'depot'), {
      'DE_2024_050_Budget primitif.pdf': pdfBytes('Budget primitif'),
      'AR_2024_017_Fermeture voirie.pdf': pdfBytes('Arrete voirie'),
    });
    const r = await ctx.engine.handlers.intakePaths({ profileId: ctx.lnd, paths: [ok!, ko!] });
    const [okId, koId] = r.documentIds as [string, string];
    await ctx.engine.handlers.updateMetadata({
      id: okId,
      metadata: {
        nature: 'DE',
        number: '2024-050',
        date: '2024-04-02',
        objet: 'Budget primitif',
        classification: '7.1',
      },
    });
    // Matière 9 is outside the demo agreement: the archive refuses it.
    await ctx.engine.handlers.updateMetadata({
      id: koId,
      metadata: {
        nature: 'AR',
        number: '2024_017',
        date: '2024-05-02',
        objet: 'Fermeture voirie',
        classification: '9.1',
      },
    });
    expect((await ctx.engine.handlers.listProfiles({})).find((p) => p.id === ctx.lnd)?.pending.ready).toBe(2);
    await ctx.engine.handlers.depositNow({ ids: [okId] });
    expect((await waitForState(ctx.engine, okId, ['accepted', 'rejected', 'failed'], 60_000)).state).toBe('accepted');
    await ctx.engine.handlers.depositNow({ ids: [koId] });
    expect((await waitForState(ctx.engine, koId, ['accepted', 'rejected', 'failed'], 60_000)).state).toBe('rejected');

    const feed = await ctx.engine.handlers.listActivity({ profileId: ctx.lnd });
    const texts = feed.rows.map((x) => x.text);
    expect(texts[0]).toMatch(/^« AR_2024_017_Fermeture voirie\.pdf » refusé par l’archive/);
    expect(texts).toContain('« DE_2024_050_Budget primitif.pdf » archivé (accepté par l’archive)');
    expect(texts.some((t) => /2 fichiers reçus et scellés — dépôt/.test(t))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(englishStateName);
    const ids = feed.rows.map((x) => x.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(feed.rows.find((x) => x.kind === 'rejected')?.documentId).toBe(koId);

    const pending = (await ctx.engine.handlers.listProfiles({})).find((p) => p.id === ctx.lnd)?.pending;
    expect(pending).toMatchObject({ ready: 0, rejected: 1, total: 1 });
  });

  it('se lit par pages', async () => {
    const first = await ctx.engine.handlers.listActivity({ limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.nextBefore).toBe(first.rows[1]!.id);
    const second = await ctx.engine.handlers.listActivity({ limit: 200, before: first.nextBefore! });
    expect(second.rows.every((x) => x.id < first.rows[1]!.id)).toBe(true);
    expect(second.nextBefore).toBeNull();
    await expect(ctx.engine.handlers.listActivity({ limit: 1000 })).rejects.toThrow(/données invalides/);
  });
});
