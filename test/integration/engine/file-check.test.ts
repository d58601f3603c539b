// Issue 17 (inputs): a 0-byte PDF was sealed as an act and offered for deposit. Empty files,
// « .pdf » files that are no PDF and PDFs cut short are sealed (proof of what was given) but
// held « à vérifier » with a French reason, even when their name says everything.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { fileCheckReason } from '../../../main/core/acts/file-check';
import { CHECK_REASONS } from '../../../main/contract/messages';
import { useDemoEngine, pdfBytes, tempDir, writeFiles } from './helpers';

const root = tempDir('sceau-file-check-');
let engine: Engine;
let profileId: string;

useDemoEngine(root, (demo) => {
  engine = demo.engine;
  profileId = demo.profileIds[0]!;
});

// Names that carry every field, so only the content can hold them back.
const named = (n: number) => `DE_2024_0${n}_2024-03-12_Tarifs cantine (7.1).pdf`;

describe('fichiers à vérifier', () => {
  it('vide, pas un PDF, PDF tronqué : scellés mais à vérifier, avec la raison ; un PDF sain est prêt', async () => {
    const good = pdfBytes('Tarifs cantine');
    const files = writeFiles(path.join(root, 'depot'), {
      [named(41)]: good,
      [named(42)]: Buffer.alloc(0),
      [named(43)]: Buffer.from('<html>Ceci est une page web enregistrée en .pdf</html>'),
      [named(44)]: good.subarray(0, Math.floor(good.length * 0.6)),
    });
    const r = await engine.handlers.intakePaths({ profileId, paths: files });
    const [ok, empty, html, cut] = await Promise.all(r.documentIds.map((id) => engine.handlers.getDocument({ id })));
    expect(ok).toMatchObject({ state: 'ready', reason: null });
    expect(empty).toMatchObject({ state: 'needs_metadata', reason: CHECK_REASONS.empty, size: 0 });
    expect(empty?.fingerprint?.hex).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(html).toMatchObject({ state: 'needs_metadata', reason: CHECK_REASONS.notPdf });
    expect(cut).toMatchObject({ state: 'needs_metadata', reason: CHECK_REASONS.truncatedPdf });
    for (const d of [empty, html, cut]) expect(d?.reason).toMatch(/^À vérifier : /);

    // Nothing held back leaves by « Verser »: the user looks, then confirms by saving the form.
    const plan = await engine.handlers.depositNow({ ids: [empty!.id] });
    expect(plan.queued).toBe(0);
    const confirmed = await engine.handlers.updateMetadata({ id: cut!.id, metadata: cut!.metadata });
    expect(confirmed.state).toBe('ready');
  });

  it('la règle seule : fin de fichier absente, en-tête décalé, autres extensions', () => {
    const head = Buffer.from('%PDF-1.7\n');
    expect(fileCheckReason('a.pdf', 10, head, Buffer.from('...\n%%EOF\n'))).toBeNull();
    expect(fileCheckReason('a.PDF', 10, head, Buffer.from('...endobj\n'))).toBe(CHECK_REASONS.truncatedPdf);
    // Readers accept junk before the header within the first KiB.
    expect(fileCheckReason('a.pdf', 10, Buffer.concat([Buffer.alloc(100, 32), head]), null)).toBeNull();
    expect(fileCheckReason('a.pdf', 2000, Buffer.concat([Buffer.alloc(1100, 32), head]), null)).toBe(
      CHECK_REASONS.notPdf,
    );
    expect(fileCheckReason('photo.jpg', 10, Buffer.from('JFIF'), null)).toBeNull();
    expect(fileCheckReason('notes.txt', 0, Buffer.alloc(0), null)).toBe(CHECK_REASONS.empty);
  });
});
