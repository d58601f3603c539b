// Issue 17, « un acte, un formulaire »: the grouping confirmed at drop time reaches the engine
// through the contract; an annex whose name says nothing of its act still becomes its child,
// nothing is depositable alone, and the sealed bytes never change. Hostile groupings are
// refused with a French message before anything is sealed or journaled.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOOSE_ATTACHMENT_REASON } from '../../../main/contract/acts/completeness';
import { dispatch } from '../../../main/core/api/dispatch';
import type { Engine } from '../../../main/core/engine';
import { useDemoEngine, pdfBytes, tempDir, writeFiles } from './helpers';

const root = tempDir('sceau-act-grouping-');
let engine: Engine;
let profileId: string;

useDemoEngine(root, (demo) => {
  engine = demo.engine;
  profileId = demo.profileIds[0]!;
});

const ACT = 'Deliberation 2024-045 budget primitif.pdf';
const ANNEX = 'annexe budget.pdf';
const SIG = 'Deliberation 2024-045 budget primitif.pdf.p7s';

/** Everything the engine has recorded: documents, journal entries, vault files. */
function footprint(): { documents: number; journal: number; vault: number } {
  const db = engine.parts.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const vaultFiles = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (s, e) => s + (e.isDirectory() ? vaultFiles(path.join(dir, e.name)) : 1),
      0,
    );
  return {
    documents: n('SELECT count(*) AS n FROM documents'),
    journal: n('SELECT count(*) AS n FROM journal'),
    vault: vaultFiles(engine.parts.vaultDir),
  };
}

const call = (channel: 'intakePaths' | 'intakeUploaded', request: unknown) =>
  dispatch(engine.handlers as never, channel, request);

describe('un acte, un formulaire : le regroupement confirmé au dépôt', () => {
  it('rattache à l’acte une annexe au nom sans rapport et sa signature, sans toucher aux octets scellés', async () => {
    const dir = path.join(root, 'budget');
    const [act, annex, sig] = writeFiles(dir, {
      [ACT]: pdfBytes('Budget primitif 2024'),
      [ANNEX]: pdfBytes('Annexe budget'),
      [SIG]: Buffer.from('signature CMS détachée'),
    }) as [string, string, string];
    const r = await engine.handlers.intakePaths({
      profileId,
      paths: [act, annex, sig],
      groups: [
        {
          act,
          attachments: [
            { file: annex, role: 'annex' },
            { file: sig, role: 'signature' },
          ],
        },
      ],
    });
    expect(r.accepted).toBe(3);
    const [actId, annexId, sigId] = r.documentIds as [string, string, string];
    const detail = await engine.handlers.getDocument({ id: actId });
    expect(detail.role).toBe('act');
    expect(detail.attachments.map((a) => [a.fileName, a.role]).sort()).toEqual([
      [SIG, 'signature'],
      [ANNEX, 'annex'],
    ]);
    const annexDoc = await engine.handlers.getDocument({ id: annexId });
    expect(annexDoc).toMatchObject({ parentId: actId, role: 'annex', state: 'ready', reason: null });
    expect((await engine.handlers.getDocument({ id: sigId })).parentId).toBe(actId);
    // The history tells the grouping, in French.
    expect(annexDoc.timeline.map((e) => e.label)).toContain('Pièces de l’acte regroupées au dépôt');
    // Metadata only: the vault copy is still the file's own bytes, under its own fingerprint.
    for (const [id, file] of [
      [actId, act],
      [annexId, annex],
      [sigId, sig],
    ] as const) {
      const d = await engine.handlers.getDocument({ id });
      const bytes = readFileSync(file);
      expect(d.fingerprint?.hex).toBe(createHash('sha256').update(bytes).digest('hex'));
      const row = engine.parts.documents.get(id)!;
      expect(readFileSync(path.join(engine.parts.vaultDir, row.vaultPath)).equals(bytes)).toBe(true);
    }

    // The act still needs its date and classification; once given, one versement carries all three.
    expect(detail.state).toBe('needs_metadata');
    await engine.handlers.updateMetadata({
      id: actId,
      metadata: { ...detail.metadata, date: '2024-03-12', classification: '7.1', objet: 'Budget primitif 2024' },
    });
    const sent = await engine.handlers.depositNow({ ids: [annexId] });
    expect(sent.problems).toEqual([]);
    expect(sent.queued).toBe(3);
    const transfers = new Set(
      await Promise.all([actId, annexId, sigId].map(async (id) => engine.parts.documents.get(id)!.transferId)),
    );
    expect(transfers.size).toBe(1);
    expect([...transfers][0]).not.toBeNull();
  });

  it('un acte et son annexe nommés dans deux « verser maintenant » (la CLI verse par 5 000) : un versement, aucun problème', async () => {
    const dir = path.join(root, 'lots');
    const [act, annex] = writeFiles(dir, {
      'DE_2025_00081_2025-03-14_voirie (8.3).pdf': pdfBytes('Réfection de la voirie, lot 81'),
      'DE_2025_00081_2025-03-14_voirie (8.3) annexe 1.pdf': pdfBytes('Plan du lot 81'),
    }) as [string, string];
    const r = await engine.handlers.intakePaths({ profileId, paths: [act, annex] });
    const [actId, annexId] = r.documentIds as [string, string];
    expect(engine.parts.documents.get(annexId)).toMatchObject({ parentId: actId, state: 'ready' });
    const first = await engine.handlers.depositNow({ ids: [actId] });
    expect(first).toEqual({ queued: 2, problems: [] });
    // The annex went with its act: named again, it is on its way, not a problem.
    const second = await engine.handlers.depositNow({ ids: [annexId] });
    expect(second).toEqual({ queued: 0, problems: [] });
    const transfer = engine.parts.documents.get(actId)!.transferId;
    expect(transfer).not.toBeNull();
    expect(engine.parts.documents.get(annexId)!.transferId).toBe(transfer);
  });

  it('sans regroupement, l’annexe au nom sans rapport est « à rattacher » et jamais prête seule', async () => {
    const [annex] = writeFiles(path.join(root, 'seule'), { 'annexe tarifs cantine.pdf': pdfBytes('Tarifs') });
    const r = await engine.handlers.intakePaths({ profileId, paths: [annex!] });
    const d = await engine.handlers.getDocument({ id: r.documentIds[0]! });
    expect(d).toMatchObject({
      role: 'annex',
      parentId: null,
      state: 'needs_metadata',
      reason: LOOSE_ATTACHMENT_REASON,
    });
    const ready = await engine.handlers.listDocuments({ profileId, states: ['ready'], limit: 500 });
    expect(ready.rows.some((x) => x.id === d.id)).toBe(false);
  });

  it('un acte arrivé après son annexe (même nom) la prend avec lui : elle devient prête', async () => {
    const dir = path.join(root, 'eau');
    const [annex] = writeFiles(dir, { 'DE_2024_070_Eau annexe 1.pdf': pdfBytes('Annexe eau') });
    const first = await engine.handlers.intakePaths({ profileId, paths: [annex!] });
    const annexId = first.documentIds[0]!;
    expect((await engine.handlers.getDocument({ id: annexId })).reason).toBe(LOOSE_ATTACHMENT_REASON);
    const [act] = writeFiles(dir, { 'DE_2024_070_Eau.pdf': pdfBytes('Eau') });
    const second = await engine.handlers.intakePaths({ profileId, paths: [act!] });
    const after = await engine.handlers.getDocument({ id: annexId });
    expect(after).toMatchObject({ parentId: second.documentIds[0], state: 'ready', reason: null });
  });

  it('le choix de l’utilisateur l’emporte sur les noms : une annexe devient un acte, un acte une annexe d’un autre', async () => {
    const dir = path.join(root, 'voirie');
    const [a, aAnnex, b] = writeFiles(dir, {
      'DE_2024_050_Voirie.pdf': pdfBytes('Voirie'),
      'DE_2024_050_Voirie annexe 1.pdf': pdfBytes('Plan de voirie'),
      'DE_2024_051_Eclairage.pdf': pdfBytes('Eclairage'),
    }) as [string, string, string];
    const r = await engine.handlers.intakePaths({
      profileId,
      paths: [a, aAnnex, b],
      groups: [
        { act: aAnnex, attachments: [] },
        { act: a, attachments: [{ file: b, role: 'annex' }] },
      ],
    });
    const [aId, annexId, bId] = r.documentIds as [string, string, string];
    const own = await engine.handlers.getDocument({ id: annexId });
    expect(own).toMatchObject({ role: 'act', parentId: null, state: 'needs_metadata' });
    expect(own.reason).toMatch(/^À compléter/);
    expect(await engine.handlers.getDocument({ id: bId })).toMatchObject({ role: 'annex', parentId: aId });
    expect((await engine.handlers.getDocument({ id: aId })).attachments.map((x) => x.id)).toEqual([bId]);
  });

  it('un acte doublon d’un document déjà pris ne prend pas de pièces : elles restent « à rattacher »', async () => {
    const dir = path.join(root, 'doublon');
    const [first] = writeFiles(dir, { 'DE_2024_095_Ecole.pdf': pdfBytes('Ecole') });
    await engine.handlers.intakePaths({ profileId, paths: [first!] });
    const [copy, annex] = writeFiles(path.join(dir, 'copie'), {
      'copie ecole.pdf': pdfBytes('Ecole'),
      'annexe menus.pdf': pdfBytes('Menus'),
    }) as [string, string];
    const r = await engine.handlers.intakePaths({
      profileId,
      paths: [copy, annex],
      groups: [{ act: copy, attachments: [{ file: annex, role: 'annex' }] }],
    });
    expect((await engine.handlers.getDocument({ id: r.documentIds[0]! })).state).toBe('duplicate');
    expect(await engine.handlers.getDocument({ id: r.documentIds[1]! })).toMatchObject({
      parentId: null,
      state: 'needs_metadata',
      reason: LOOSE_ATTACHMENT_REASON,
    });
  });

  it('un envoi du navigateur nomme ses fichiers par identifiant d’envoi', async () => {
    const ids = [randomUUID(), randomUUID()] as const;
    writeFiles(path.join(engine.parts.inboxDir, ids[0]), { 'DE_2024_080_Cimetiere.pdf': pdfBytes('Cimetière') });
    writeFiles(path.join(engine.parts.inboxDir, ids[1]), { 'plan.pdf': pdfBytes('Plan') });
    const r = await engine.handlers.intakeUploaded({
      profileId,
      uploadIds: [...ids],
      groups: [{ act: ids[0], attachments: [{ file: ids[1], role: 'annex' }] }],
    });
    const [actId, planId] = r.documentIds as [string, string];
    expect(await engine.handlers.getDocument({ id: planId })).toMatchObject({
      parentId: actId,
      role: 'annex',
      state: 'ready',
    });
  });
});

describe('un regroupement hostile est refusé en français, rien n’est enregistré à moitié', () => {
  const files = () =>
    writeFiles(path.join(root, `hostile-${randomUUID()}`), {
      'DE_2024_090_Marche.pdf': pdfBytes('Marché'),
      'annexe offre.pdf': pdfBytes('Offre'),
    }) as [string, string];

  async function refused(channel: 'intakePaths' | 'intakeUploaded', request: unknown, message: RegExp) {
    const before = footprint();
    const r = await call(channel, request);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
    expect(footprint()).toEqual(before);
  }

  it('un groupe qui nomme un fichier absent du dépôt', async () => {
    const [act, annex] = files();
    await refused(
      'intakePaths',
      {
        profileId,
        paths: [act, annex],
        groups: [{ act, attachments: [{ file: '/etc/passwd', role: 'annex' }] }],
      },
      /ne fait pas partie de ce dépôt \(« passwd »\) : rien n’a été enregistré/,
    );
    const uploaded = randomUUID();
    writeFiles(path.join(engine.parts.inboxDir, uploaded), { 'DE_2024_091_Marche.pdf': pdfBytes('Marché') });
    await refused(
      'intakeUploaded',
      {
        profileId,
        uploadIds: [uploaded],
        groups: [{ act: uploaded, attachments: [{ file: randomUUID(), role: 'annex' }] }],
      },
      /ne fait pas partie de ce dépôt/,
    );
  });

  it('un fichier dans deux actes, ou deux fois sous deux écritures', async () => {
    const [act, annex] = files();
    await refused(
      'intakePaths',
      {
        profileId,
        paths: [act, annex],
        groups: [
          { act, attachments: [{ file: annex, role: 'annex' }] },
          { act: annex, attachments: [] },
        ],
      },
      /« annexe offre\.pdf » figure deux fois dans le regroupement/,
    );
    const twice = path.join(path.dirname(annex), '.', path.basename(annex));
    await refused(
      'intakePaths',
      {
        profileId,
        paths: [act, annex, twice],
        groups: [
          {
            act,
            attachments: [
              { file: annex, role: 'annex' },
              { file: twice, role: 'signature' },
            ],
          },
        ],
      },
      /figure deux fois/,
    );
  });

  it('une pièce jointe rattachée à elle-même', async () => {
    const [act, annex] = files();
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: [{ act: annex, attachments: [{ file: annex, role: 'annex' }] }] },
      /« annexe offre\.pdf » ne peut pas être une pièce jointe de lui-même/,
    );
  });

  it('des tailles absurdes : trop de groupes, trop de pièces, des noms démesurés, un rôle inconnu', async () => {
    const [act, annex] = files();
    const many = Array.from({ length: 10_001 }, () => ({ act, attachments: [] }));
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: many },
      /^Demande refusée : données invalides \(groups\)/,
    );
    const crowd = Array.from({ length: 201 }, () => ({ file: annex, role: 'annex' }));
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: [{ act, attachments: crowd }] },
      /^Demande refusée : données invalides \(groups\.0\.attachments\)/,
    );
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: [{ act: 'x'.repeat(5000), attachments: [] }] },
      /^Demande refusée : données invalides \(groups\.0\.act\)/,
    );
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: [{ act, attachments: [{ file: annex, role: 'act' }] }] },
      /^Demande refusée : données invalides/,
    );
    await refused(
      'intakePaths',
      { profileId, paths: [act, annex], groups: [{ act, attachments: [], parent: act }] },
      /^Demande refusée : données invalides/,
    );
    const three = Array.from({ length: 3 }, () => ({ act, attachments: [] }));
    await refused('intakePaths', { profileId, paths: [act, annex], groups: three }, /3 actes pour 2 fichiers déposés/);
  });

  it('un dossier ne forme pas un acte', async () => {
    const [act] = files();
    const folder = path.dirname(act);
    await refused(
      'intakePaths',
      { profileId, paths: [folder, act], groups: [{ act: folder, attachments: [{ file: act, role: 'annex' }] }] },
      /est un dossier : seuls des fichiers peuvent former un acte/,
    );
  });
});

describe('rattacher plus tard, depuis la page de l’annexe ou de l’acte', () => {
  it('une annexe ne se rattache qu’à un acte, pas à une autre annexe', async () => {
    const dir = path.join(root, 'plus-tard');
    const [a, b] = writeFiles(dir, { 'annexe 1 salle.pdf': pdfBytes('A'), 'annexe 2 salle.pdf': pdfBytes('B') });
    const r = await engine.handlers.intakePaths({ profileId, paths: [a!, b!] });
    const [aId, bId] = r.documentIds as [string, string];
    const bDoc = await engine.handlers.getDocument({ id: bId });
    await expect(engine.handlers.updateMetadata({ id: bId, metadata: bDoc.metadata, parentId: aId })).rejects.toThrow(
      /n’est pas un acte mais une pièce jointe/,
    );
    // Its own fields saved without an act: still « à rattacher », never ready alone.
    const saved = await engine.handlers.updateMetadata({ id: bId, metadata: { objet: 'Plan de la salle' } });
    expect(saved).toMatchObject({ state: 'needs_metadata', reason: LOOSE_ATTACHMENT_REASON });
    // Set aside then brought back: « à rattacher » again, with its reason.
    await engine.handlers.ignoreDocuments({ ids: [bId] });
    await engine.handlers.retryDocuments({ ids: [bId] });
    expect(await engine.handlers.getDocument({ id: bId })).toMatchObject({
      state: 'needs_metadata',
      reason: LOOSE_ATTACHMENT_REASON,
    });
  });
});
