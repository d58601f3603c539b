// The drop-time guess of « un acte, un formulaire » (renderer/src/lib/act-groups.ts): which
// dropped files make one act, and the user's changes (move a file, make it its own act).
import { describe, expect, it } from 'vitest';
import { groupingProblem, groupsByReference } from '../../../main/contract/acts/grouping';
import { IgnoreRules } from '../../../main/core/capture/ignore';
import {
  actNumberOf,
  actsOf,
  attachmentsOf,
  guessGroups,
  looseOf,
  moveFile,
  needsGrouping,
  notADocument,
  toDropGroups,
} from '../../../renderer/src/lib/act-groups';

const ACT = 'Deliberation 2024-045 budget primitif.pdf';
const ANNEX = 'annexe budget.pdf';
const SIG = 'Deliberation 2024-045 budget primitif.pdf.p7s';

describe('la supposition au dépôt', () => {
  it('un seul acte dans le dépôt : l’annexe au nom sans rapport et la signature vont avec lui', () => {
    const plan = guessGroups([ACT, ANNEX, SIG]);
    expect(actsOf(plan)).toEqual([0]);
    expect(attachmentsOf(plan, 0)).toEqual([1, 2]);
    expect(plan.role).toEqual(['act', 'annex', 'signature']);
    expect(toDropGroups(plan)).toEqual([
      {
        act: 0,
        attachments: [
          { file: 1, role: 'annex' },
          { file: 2, role: 'signature' },
        ],
      },
    ]);
  });

  it('plusieurs actes : chaque pièce va avec l’acte dont elle partage le nom', () => {
    const plan = guessGroups([
      'CM 12.03.2024 - DEL 45 - Budget primitif (7.1).pdf',
      'scan0001.pdf',
      'CM 12.03.2024 - DEL 45 - Budget primitif (7.1) annexe 1.pdf',
      'scan0001.pdf.sig',
      'DE_2024_046_Voirie.xml',
      'DE_2024_046_Voirie_signature.xml',
    ]);
    expect(actsOf(plan)).toEqual([0, 1, 4]);
    expect(plan.parent).toEqual([null, null, 0, 1, null, 4]);
  });

  it('plusieurs actes : à défaut de nom commun, le numéro d’acte décide, quelle que soit son écriture', () => {
    expect(actNumberOf('Arrêté 2024_101 stationnement.pdf')).toBe('2024_101');
    expect(actNumberOf('annexe arrete 2024-0101.pdf')).toBe('2024_101');
    expect(actNumberOf('DEL 45 plan.pdf')).toBe('n_45');
    expect(actNumberOf('plan de masse.pdf')).toBeNull();
    const plan = guessGroups([
      'Arrêté 2024_101 stationnement.pdf',
      'Arrêté 2024_102 marché.pdf',
      'annexe 2024-101 plan.pdf',
    ]);
    expect(plan.parent[2]).toBe(0);
  });

  it('plusieurs actes et rien pour décider : la pièce reste « à rattacher », jamais attribuée au hasard', () => {
    const plan = guessGroups(['Arrêté 2024_101 stationnement.pdf', 'Arrêté 2024_102 marché.pdf', 'annexe plan.pdf']);
    expect(looseOf(plan)).toEqual([2]);
    // It is in no group: the engine keeps it « à rattacher ».
    expect(toDropGroups(plan).flatMap((g) => g.attachments)).toEqual([]);
  });

  it('sans acte dans le dépôt : tout reste à rattacher', () => {
    const plan = guessGroups(['annexe 1.pdf', 'annexe 2.pdf']);
    expect(actsOf(plan)).toEqual([]);
    expect(looseOf(plan)).toEqual([0, 1]);
  });
});

describe('les changements de l’utilisateur', () => {
  const names = ['Arrêté 2024_101 stationnement.pdf', 'Arrêté 2024_102 marché.pdf', 'annexe plan.pdf', SIG];

  it('rattacher une pièce à un autre acte, puis en faire un acte à part entière', () => {
    let plan = guessGroups(names);
    plan = moveFile(plan, 2, 0);
    expect(attachmentsOf(plan, 0)).toEqual([2]);
    plan = moveFile(plan, 2, 1);
    expect(attachmentsOf(plan, 0)).toEqual([]);
    expect(attachmentsOf(plan, 1)).toEqual([2]);
    plan = moveFile(plan, 2, null);
    expect(plan.role[2]).toBe('act');
    expect(actsOf(plan)).toEqual([0, 1, 2]);
    expect(toDropGroups(plan).map((g) => g.act)).toEqual([0, 1, 2]);
  });

  it('un acte rattaché à un autre devient une annexe et emmène ses pièces ; une signature garde son rôle', () => {
    let plan = guessGroups(names);
    plan = moveFile(plan, 2, 1);
    plan = moveFile(plan, 3, 1);
    plan = moveFile(plan, 1, 0);
    expect(plan.role[1]).toBe('annex');
    expect(attachmentsOf(plan, 0)).toEqual([1, 2, 3]);
    expect(toDropGroups(plan)).toEqual([
      {
        act: 0,
        attachments: [
          { file: 1, role: 'annex' },
          { file: 2, role: 'annex' },
          { file: 3, role: 'signature' },
        ],
      },
    ]);
  });

  it('refuse de rattacher un fichier à lui-même ou à une pièce jointe', () => {
    const plan = moveFile(guessGroups(names), 2, 0);
    expect(moveFile(plan, 1, 1)).toBe(plan);
    expect(moveFile(plan, 1, 2)).toBe(plan);
  });

  it('ce qui part vers le moteur est accepté par sa vérification', () => {
    const plan = moveFile(guessGroups(names), 2, 0);
    const refs = names.map((_, i) => `/depot/${i}`);
    const groups = groupsByReference(toDropGroups(plan), refs);
    expect(groupingProblem(groups, refs)).toBeNull();
  });
});

describe('quand proposer le regroupement', () => {
  it('plusieurs fichiers dont une annexe ou une signature ; pas pour un dossier ni un seul fichier', () => {
    expect(needsGrouping([ACT, ANNEX, SIG])).toBe(true);
    expect(needsGrouping([ACT, 'scan0001.pdf'])).toBe(false);
    expect(needsGrouping([ANNEX])).toBe(false);
    expect(needsGrouping(['Marché/offre.pdf', 'Marché/annexe.pdf'])).toBe(false);
    expect(needsGrouping(Array.from({ length: 61 }, (_, i) => `annexe ${i}.pdf`))).toBe(false);
    // A Word lock file is no act: an act and a lock file alone need no question.
    expect(needsGrouping(['~$annexe.docx', ACT])).toBe(false);
    expect(notADocument('~$brouillon.docx')).toBe(true);
    expect(notADocument('.DS_Store')).toBe(true);
    expect(notADocument(ANNEX)).toBe(false);
  });

  it('le dialogue écarte exactement ce que le moteur écarte (une seule liste, main/contract)', () => {
    const engine = new IgnoreRules();
    const names = [
      ACT,
      ANNEX,
      SIG,
      '~$brouillon.docx',
      '.~lock.budget.odt#',
      '~WRL0001.tmp',
      'budget.pdf.crdownload',
      'budget.PDF.part',
      'Thumbs.db',
      'desktop.ini',
      '.DS_Store',
      '._budget.pdf',
      '$RECYCLE.BIN',
      'System Volume Information',
      'Marché/.cache/offre.pdf',
      'Marché\\~$offre.docx',
      'Marché/offre.pdf',
      'budget.tmp.pdf',
    ];
    for (const n of names) expect(notADocument(n), n).toBe(engine.isIgnored(n));
    expect(names.filter(notADocument)).toHaveLength(13);
  });
});
