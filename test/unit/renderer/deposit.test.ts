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
