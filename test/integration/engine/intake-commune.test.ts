// Issue 17 (wrong-commune risk): the drop confirmation names the commune that received the
// files; the caller's commune is never silently replaced, but a path naming another one is
// reported; without a commune, the paths choose, or the user is asked.
import { randomUUID } from 'node:crypto';

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfBytes, tempDir, useTwoCommunes, writeFiles } from './helpers';

const root = tempDir('sceau-intake-commune-');
const ctx = useTwoCommunes(root);

describe('la commune d’un dépôt', () => {
  it('est nommée dans la réponse et la commune choisie est gardée', async () => {
    const files = writeFiles(path.join(root, 'Plouguerneau'), {
      'DE_2024_045_Tarifs.pdf': pdfBytes('Tarifs'),
      'DE_2024_046_Voirie.pdf': pdfBytes('Voirie'),
    });
    const r = await ctx.engine.handlers.intakePaths({ profileId: ctx.plg, paths: files });
    expect(r.commune).toMatchObject({
      profileId: ctx.plg,
      name: 'Commune de Plouguerneau',
      chosenBy: 'caller',
      guessedProfileId: ctx.plg,
      ambiguous: false,
      mismatch: false,
    });
    expect(r.commune.message).toBe('2 fichiers reçus pour « Commune de Plouguerneau ».');
  });

  it('un chemin qui désigne une autre commune est signalé, sans changer de commune', async () => {
    const files = writeFiles(path.join(root, 'Landeda'), { 'DE_2024_010_Budget.pdf': pdfBytes('Budget Landéda') });
    const r = await ctx.engine.handlers.intakePaths({ profileId: ctx.plg, paths: files });
    expect(r.commune).toMatchObject({ profileId: ctx.plg, mismatch: true, guessedProfileId: ctx.lnd });
    expect(r.commune.message).toMatch(/leur chemin désigne « Commune de Landéda » : vérifiez la commune/);
    const d = await ctx.engine.handlers.getDocument({ id: r.documentIds[0]! });
    expect(d.profileId).toBe(ctx.plg);
  });

  it('sans commune indiquée, le chemin la désigne', async () => {
    const files = writeFiles(path.join(root, 'depot', 'LANDÉDA'), { 'DE_2024_011_Eau.pdf': pdfBytes('Eau Landéda') });
    const r = await ctx.engine.handlers.intakePaths({ paths: files });
    expect(r.commune).toMatchObject({ profileId: ctx.lnd, chosenBy: 'guess' });
    expect((await ctx.engine.handlers.getDocument({ id: r.documentIds[0]! })).profileId).toBe(ctx.lnd);
  });

  it('sans commune indiquée ni reconnue, le dépôt est refusé et demande la commune', async () => {
    const files = writeFiles(path.join(root, 'scans'), { 'scan001.pdf': pdfBytes('Scan') });
    await expect(ctx.engine.handlers.intakePaths({ paths: files })).rejects.toThrow(/choisissez la commune/);
    const both = [
      ...writeFiles(path.join(root, 'x', 'Plouguerneau'), { 'a.pdf': pdfBytes('A') }),
      ...writeFiles(path.join(root, 'x', 'Landeda'), { 'b.pdf': pdfBytes('B') }),
    ];
    await expect(ctx.engine.handlers.intakePaths({ paths: both })).rejects.toThrow(/désignent plusieurs communes/);
    const g = await ctx.engine.handlers.guessCommune({ paths: both });
    expect(g.ambiguous).toBe(true);
    expect(g.named.map((n) => n.name).sort()).toEqual(['Commune de Landéda', 'Commune de Plouguerneau']);
  });

  it('un envoi du navigateur est deviné par les noms déposés, pas par le dossier de réception', async () => {
    const uploadId = randomUUID();
    writeFiles(path.join(ctx.engine.parts.inboxDir, uploadId, 'Plouguerneau'), {
      'DE_2024_060_Eau.pdf': pdfBytes('Eau'),
    });
    const r = await ctx.engine.handlers.intakeUploaded({ uploadIds: [uploadId] });
    expect(r.commune).toMatchObject({ profileId: ctx.plg, chosenBy: 'guess' });
    expect(r.accepted).toBe(1);
  });
});
