// An annex dropped without its act never leaves alone (issue 17: « annexe budget.pdf »
// became « Prêt à verser » and « Tout sélectionner → Verser » sent it with no number or date).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { LOOSE_ATTACHMENT_REASON, metadataVerdict } from '../../../main/core/acts';
import { useDemoEngine, pdfBytes, tempDir, writeFiles } from './helpers';

const root = tempDir('sceau-loose-annex-');
let engine: Engine;
let profileId: string;

useDemoEngine(root, (demo) => {
  engine = demo.engine;
  profileId = demo.profileIds[0]!;
});

describe('une annexe seule', () => {
  it('n’est pas versée sans son acte, et le refus dit pourquoi en français', async () => {
    const [annex] = writeFiles(path.join(root, 'mairie'), { 'annexe budget.pdf': pdfBytes('Annexe budget') });
    const intake = await engine.handlers.intakePaths({ profileId, paths: [annex!] });
    const id = intake.documentIds[0]!;
    const doc = await engine.handlers.getDocument({ id });
    expect(doc.role).toBe('annex');
    expect(doc.parentId).toBeNull();
    const deposit = await engine.handlers.depositNow({ ids: [id] });
    expect(deposit.queued).toBe(0);
    expect(deposit.problems).toEqual([{ id, message: `« annexe budget.pdf » : ${LOOSE_ATTACHMENT_REASON}` }]);
    expect((await engine.handlers.getDocument({ id })).transferId).toBeNull();
  });

  it('rattachée à son acte, elle n’a besoin d’aucune information propre', () => {
    expect(metadataVerdict('annex', {}, 'act-1').complete).toBe(true);
    expect(metadataVerdict('signature', {}, null)).toMatchObject({ complete: false, reason: LOOSE_ATTACHMENT_REASON });
    expect(metadataVerdict('annex', {}).complete).toBe(true);
  });
});
