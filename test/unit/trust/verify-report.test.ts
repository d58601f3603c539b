import { describe, expect, it } from 'vitest';
import { formatIntegrityReport } from '../../../main/core/evidence/verify-report';

describe('integrity report', () => {
  it('says all is well in plain French', () => {
    const r = formatIntegrityReport({
      journal: { ok: true, entries: 42, message: 'ok' },
      vault: { checked: 7, altered: [], missing: [] },
      tokens: [
        { coversSeq: 30, ok: true, genTime: '2024-03-12T13:05:10Z', tsaName: 'CN=TSA' },
        { coversSeq: 42, ok: true, genTime: '2024-03-13T08:00:00Z', tsaName: 'CN=TSA' },
      ],
      headSeq: 42,
      checkedAt: '2024-03-13T09:00:00Z',
    });
    expect(r.level).toBe('ok');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('Intégrité vérifiée : tout est conforme.');
    expect(r.text).toContain('[OK] Journal : 42 entrées vérifiées, la chaîne est intacte.');
    expect(r.text).toContain('[OK] Coffre : 7 copies scellées conformes à leur empreinte.');
    expect(r.text).toContain('jusqu’à l’entrée n° 42 le 13 mars 2024 à 09:00:00 par CN=TSA');
  });

  it('flags broken journal, altered vault copies, bad tokens and uncovered entries', () => {
    const r = formatIntegrityReport({
      journal: {
        ok: false,
        entries: 10,
        seq: 4,
        message: "L'entrée n° 4 du journal a été modifiée après coup (son empreinte ne correspond plus).",
      },
      vault: { checked: 3, altered: ['acte.pdf'], missing: ['annexe.pdf'] },
      tokens: [
        {
          coversSeq: 8,
          ok: false,
          message: "Le jeton d'horodatage est invalide : la signature de l’autorité d’horodatage ne correspond pas.",
        },
      ],
      headSeq: 10,
      pendingStamps: 1,
    });
    expect(r.level).toBe('error');
    expect(r.ok).toBe(false);
    expect(r.title).toMatch(/^Intégrité compromise/);
    expect(r.text).toContain("[ÉCHEC] Journal : L'entrée n° 4 du journal a été modifiée");
    expect(r.text).toContain('[ÉCHEC] Coffre : 1 copie modifiée — « acte.pdf ».');
    expect(r.text).toContain('[ÉCHEC] Coffre : 1 copie introuvable — « annexe.pdf ».');
    expect(r.text).toContain("[ÉCHEC] Horodatage de l’entrée n° 8 : Le jeton d'horodatage est invalide");
    expect(r.text).toContain(
      '[ATTENTION] Horodatage : 10 entrées récentes ne sont pas encore couvertes par un jeton (1 demande en attente',
    );
  });

  it('warns when nothing is stamped yet', () => {
    const r = formatIntegrityReport({ journal: { ok: true, entries: 1, message: '' }, tokens: [], headSeq: 1 });
    expect(r.level).toBe('warning');
    expect(r.text).toContain('aucun jeton d’horodatage n’a encore été obtenu');
    expect(r.text).toContain('1 entrée récente n’est pas encore couverte par un jeton');
  });
});
