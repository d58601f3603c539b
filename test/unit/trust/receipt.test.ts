// Renders the receipt and reads it back with poppler (pdftotext, pdfinfo, pdftoppm).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReceipt, type ReceiptData } from '../../../main/core/evidence/receipt';

const dir = mkdtempSync(join(tmpdir(), 'sceau-receipt-'));
afterAll(() => {
  if (!process.env.KEEP_RECEIPT) rmSync(dir, { recursive: true, force: true });
});

const sha = (c: string): string => c.repeat(64);

const data: ReceiptData = {
  commune: 'Commune de Plœmeur-sur-Élorn',
  siren: '213500001',
  serviceVersant: 'Secrétariat général — état civil',
  archive: { name: 'Service régional d’archivage électronique', url: 'https://sae.megalis.bzh/restservices' },
  messageIdentifier: 'SCEAU-2024-0001-ÀÉÇ',
  archiveReference: 'AE_2024_15',
  title: 'Délibération relative à l’œuvre « Cœur de bourg »',
  sentAt: '2024-03-12T13:05:09Z',
  acknowledgedAt: '2024-03-12T13:06:00Z',
  acceptedAt: '2024-03-13T08:00:00Z',
  reply: { code: '000', comment: 'Transfert accepté, conforme au profil' },
  documents: [
    { name: '2024-001_délibération_budget.pdf', sizeBytes: 1_234_567, sha256: sha('a') },
    { name: 'annexe_1_état_des_lieux.pdf', sizeBytes: 512, sha256: sha('b') },
  ],
  timestamp: { genTime: '2024-03-12T13:05:10Z', tsaName: 'CN=Horodatage Mégalis', serial: '2a' },
  generatedAt: '2024-03-13T09:00:00Z',
};

describe('receipt PDF', () => {
  it('is tagged, in French, with every field as real text', async () => {
    const out = join(dir, 'attestation.pdf');
    await writeReceipt(data, out);
    expect(statSync(out).size).toBeGreaterThan(1000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Attestation de versement — SCEAU-2024-0001-ÀÉÇ/);

    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Attestation de versement',
      'Commune de Plœmeur-sur-Élorn',
      '213500001',
      'Secrétariat général — état civil',
      'Service régional d’archivage électronique',
      'https://sae.megalis.bzh/restservices',
      'SCEAU-2024-0001-ÀÉÇ',
      'AE_2024_15',
      'Adresse de l’archive https://sae.megalis.bzh/restservices',
      'Envoyé le 12 mars 2024 à 14:05:09',
      '12 mars 2024 à 14:06:00',
      '13 mars 2024 à 09:00:00',
      'Code de réponse de l’archive 000 (versement accepté)',
      'Cote attribuée par l’archive AE_2024_15',
      'Transfert accepté, conforme au profil',
      '« Cœur de bourg »',
      '2024-001_délibération_budget.pdf',
      'annexe_1_état_des_lieux.pdf',
      sha('a'),
      sha('b'),
      '512 octets',
      'Comment vérifier',
      'sha256sum',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    // French thousands separator (narrow no-break space) is drawn; DejaVu shares its glyph
    // with the ordinary space, so extraction yields a space there.
    expect(text).toMatch(/1[ \u00a0\u202f]234[ \u00a0\u202f]567 octets/);

    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', out, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    expect(statSync(join(dir, png!)).size).toBeGreaterThan(2000);
  });

  it('shows a refusal and missing dates plainly', async () => {
    const out = join(dir, 'refus.pdf');
    await writeReceipt(
      {
        ...data,
        acceptedAt: '2024-03-13T08:00:00Z',
        archiveReference: null,
        reply: { code: '300', comment: 'Accord de versement inconnu' },
        acknowledgedAt: null,
        timestamp: null,
      },
      out,
    );
    const flat = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(flat).toContain('300 (versement refusé)');
    expect(flat).toContain('Réponse reçue le');
    expect(flat).toContain('Accord de versement inconnu');
    expect(existsSync(out)).toBe(true);
  });
});

// Review (rev2): as@lae's 001 and 002 are acceptances with remarks (the SEDA reply-code list); the
// attestation of such a deposit read « 001 (versement refusé) » and « Réponse reçue le ».
describe('receipt of a deposit accepted with remarks', () => {
  for (const code of ['001', '002']) {
    it(`${code} reads as accepted`, async () => {
      const out = join(dir, `attestation-${code}.pdf`);
      await writeReceipt({ ...data, reply: { code, comment: 'Remarque du service d’archives' } }, out);
      const flat = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      expect(flat).toContain(`${code} (versement accepté avec remarques)`);
      expect(flat).not.toContain('refusé');
      expect(flat).toContain('Accepté le');
    });
  }
});
