// Déposer's pure rules (renderer/src/lib/deposit.ts): the session's drops in order, which
// documents of a drop can leave as one folder, and every drop's outcome naming its commune.
import { describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../../main/contract/api';
import {
  folderDropDocs,
  intakeSummary,
  missingIds,
  missingText,
  recentFromDrops,
} from '../../../renderer/src/lib/deposit';

function doc(id: string, over: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    id,
    profileId: 'p1',
    fileName: `${id}.pdf`,
    relativePath: `${id}.pdf`,
    size: 10,
    state: 'ready',
    role: 'act',
    parentId: null,
    metadata: {},
    missing: [],
    reason: null,
    transferId: null,
    updatedAt: '2026-01-01T00:00:00Z',
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

describe('Déposer lists', () => {
  it('lists the drops newest first, without those still to complete', () => {
    const rows = [doc('a'), doc('b', { state: 'needs_metadata' }), doc('c')];
    expect(recentFromDrops(['c', 'b', 'a', 'gone'], rows).map((d) => d.id)).toEqual(['c', 'a']);
    expect(missingIds(['c', 'gone', 'a'], rows)).toEqual(['gone']);
  });

  it('offers a drop as one folder only when it brought sub-folders, sorted by path', () => {
    const loose = [doc('a'), doc('b')];
    expect(folderDropDocs(['a', 'b'], loose)).toEqual([]);
    const tree = [
      doc('x', { relativePath: 'Marché 2024/Offres/offre.pdf' }),
      doc('y', { relativePath: 'Marché 2024/avis.pdf', state: 'needs_metadata' }),
      doc('z', { relativePath: 'Marché 2024/vieux.pdf', state: 'accepted' }),
    ];
    expect(folderDropDocs(['x', 'y', 'z'], tree).map((d) => d.id)).toEqual(['y', 'x']);
  });

  it('names the missing fields with the form’s labels', () => {
    expect(missingText(['number', 'date'])).toBe('numéro de l’acte, date de l’acte');
  });

  it('names the commune in every drop’s outcome', () => {
    const s = intakeSummary(
      {
        accepted: 2,
        documentIds: ['a', 'b'],
        ignored: [{ path: 'C:\\scans\\~$tmp.pdf', reason: 'fichier temporaire' }],
        commune: {
          profileId: 'p1',
          name: 'Commune de Plouider',
          chosenBy: 'caller',
          guessedProfileId: null,
          ambiguous: false,
          mismatch: false,
          message: '2 fichiers reçus pour Commune de Plouider.',
        },
      },
      'Commune de Plouider',
    );
    expect(s.accepted).toBe('2 fichiers reçus et scellés.');
    expect(s.commune).toBe('Pour la commune : Commune de Plouider.');
    expect(s.tone).toBe('warning');
    expect(s.ignored).toEqual([{ name: '~$tmp.pdf', reason: 'fichier temporaire' }]);
  });
});

describe('SIREN as pasted', () => {
  it('keeps the nine digits of « 212 901 227 » and of a non-breaking-space copy', async () => {
    const { cleanSiren, isSiren } = await import('../../../renderer/src/lib/validate');
    expect(cleanSiren('212 901 227')).toBe('212901227');
    expect(cleanSiren('212\u00a0901\u202f227')).toBe('212901227');
    expect(cleanSiren('212.901.227')).toBe('212901227');
    expect(isSiren(cleanSiren('212 901 227'))).toBe(true);
    expect(isSiren(cleanSiren('212 901 2'))).toBe(false);
  });
});

describe('which commune a drop is for', () => {
  const communes = [
    { id: 'a', name: 'Commune de Locmélar', siren: '212901248' },
    { id: 'b', name: 'Commune de Sizun', siren: '212902774' },
  ];

  it('does not ask with one commune', async () => {
    const { dropCommuneChoice } = await import('../../../renderer/src/lib/deposit');
    expect(dropCommuneChoice(['scan.pdf'], communes.slice(0, 1), 'a')).toEqual({ ask: false, preselect: 'a' });
  });

  it('does not ask when the paths name the commune shown (SIREN or name, accents aside)', async () => {
    const { dropCommuneChoice } = await import('../../../renderer/src/lib/deposit');
    expect(dropCommuneChoice(['LOCMELAR/CM 2024 DEL 3.pdf'], communes, 'a').ask).toBe(false);
    expect(dropCommuneChoice(['212901248 - arrêté 12.pdf'], communes, 'a').ask).toBe(false);
  });

  it('asks when names say nothing, or name another commune (then preselected)', async () => {
    const { dropCommuneChoice } = await import('../../../renderer/src/lib/deposit');
    expect(dropCommuneChoice(['scan0002.pdf'], communes, 'a')).toEqual({ ask: true, preselect: 'a' });
    expect(dropCommuneChoice(['Sizun/DEL 4.pdf', 'Sizun/DEL 5.pdf'], communes, 'a')).toEqual({
      ask: true,
      preselect: 'b',
    });
    // Mixed: one file names Sizun, the other nothing — no guess, the one shown.
    expect(dropCommuneChoice(['Sizun/DEL 4.pdf', 'scan.pdf'], communes, 'a')).toEqual({ ask: true, preselect: 'a' });
  });
});
