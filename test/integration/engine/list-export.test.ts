// « Exporter la liste (CSV) » over a real SQLite store: the whole current filter (thousands
// of rows, not the page on screen), the same matches as the list (number written any way,
// archive reference, classification; annexes with their act), read back as a spreadsheet would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportRegistry } from '../../../main/core/app/exports';
import { exportHandlers, type ExportHandlerParts } from '../../../main/core/app/handlers/exports';
import { CSV_SEPARATOR } from '../../../main/core/app/document-list-csv';
import { ClassificationRepository } from '../../../main/core/store/classifications';
import { openDatabase } from '../../../main/core/store/db';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { TransferRepository } from '../../../main/core/store/transfers';
import { parseCsv } from '../../tools/csv';
import { documentMaker, seedDepositedAct } from '../../tools/documents';

const dir = mkdtempSync(path.join(tmpdir(), 'sceau-list-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = openDatabase(path.join(dir, 'sceau.db'));
const profiles = new ProfileRepository(db);
const documents = new DocumentRepository(db);
const transfers = new TransferRepository(db);
const classifications = new ClassificationRepository(db);
const exports = new ExportRegistry(path.join(dir, 'exports'));
const handlers = exportHandlers({
  db,
  documents,
  transfers,
  profiles,
  classifications,
  exports,
} as unknown as ExportHandlerParts);

const doc = documentMaker();

const BULK = 2_600;
const plouguerneau = profiles.create({ name: 'Commune de Plouguerneau', archiveKind: 'demo' }).id;
const landeda = profiles.create({ name: 'Commune de Landéda', archiveKind: 'demo' }).id;
const { annex } = seedDepositedAct(db, plouguerneau, doc, {
  messageIdentifier: 'SCEAU-MSG-45',
  archiveReference: 'AE_2026_7',
  objet: '=HYPERLINK("http://evil.example";"Budget") ; primitif "2024"',
});
db.transaction(() => {
  for (let i = 0; i < BULK; i++)
    documents.insert(
      doc(i % 2 ? landeda : plouguerneau, `AR_2023_${i}.pdf`, {
        nature: 'AR',
        number: `2023_${i}`,
        date: '2023-05-02',
        objet: `Arrêté de voirie n° ${i}`,
        classification: '6.1',
      }),
    );
})();

async function exported(request: Parameters<typeof handlers.exportDocumentList>[0]) {
  const ref = await handlers.exportDocumentList(request);
  const file = exports.resolve(ref.exportId);
  expect(file?.fileName).toBe(ref.fileName);
  const text = readFileSync(file!.path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = parseCsv(text.slice(1), CSV_SEPARATOR);
  const head = rows[0]!;
  const col = (name: string) => {
    const i = head.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    return i;
  };
  return { ref, rows: rows.slice(1), col };
}

describe('exporter la liste des versements (CSV)', () => {
  it('écrit toute la liste filtrée, pas seulement la page affichée', async () => {
    const all = await exported({ sort: 'newest' });
    expect(all.ref.count).toBe(BULK + 2);
    expect(all.rows).toHaveLength(BULK + 2);
    expect(all.ref.fileName).toMatch(/^bordereau-versement-\d{4}-\d{2}-\d{2}\.csv$/);
    const mine = await exported({ sort: 'oldest', profileId: landeda });
    expect(mine.rows).toHaveLength(BULK / 2);
    expect(mine.ref.fileName).toMatch(/^bordereau-versement-Commune-de-Landéda-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(new Set(mine.rows.map((r) => r[mine.col('Commune')]))).toEqual(new Set(['Commune de Landéda']));
    // In the list's order (the first thousand as the screen pages them).
    const listed = documents.list({ profileId: landeda }, { limit: 1000 }, 'oldest').items.map((d) => d.fileName);
    expect(mine.rows.slice(0, 1000).map((r) => r[mine.col('Fichier')])).toEqual(listed);
  });

  it.each(['2024-045', '2024/045', 'AE_2026_7', '7.1'])(
    '« %s » exporte l’acte et son annexe, avec la cote et sans formule',
    async (text) => {
      const { rows, col } = await exported({ sort: 'newest', text });
      const byFile = new Map(rows.map((r) => [r[col('Fichier')], r]));
      expect([...byFile.keys()].sort()).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
      const a = byFile.get('DE_2024_045.pdf')!;
      expect(a[col('Numéro')]).toBe('2024_045');
      expect(a[col('Date de l’acte')]).toBe('12/03/2024');
      expect(a[col('Classification')]).toBe('7.1');
      expect(a[col('Libellé de la classification')]).toBe('Décisions budgétaires');
      expect(a[col('Cote attribuée par l’archive')]).toBe('AE_2026_7');
      expect(a[col('Identifiant du message')]).toBe('SCEAU-MSG-45');
      expect(a[col('État')]).toBe('Archivé');
      expect(a[col('Objet')]).toBe(`'=HYPERLINK("http://evil.example";"Budget") ; primitif "2024"`);
      // The list says whose annex it is, too.
      const listed = documents.list({ text }).items.find((d) => d.id === annex.id);
      expect(listed?.parentNumber).toBe('2024_045');
      const x = byFile.get('annexe budget.pdf')!;
      expect(x[col('Rôle')]).toBe('Annexe');
      expect(x[col('Numéro de l’acte principal')]).toBe('2024_045');
      expect(x[col('Cote attribuée par l’archive')]).toBe('AE_2026_7');
    },
  );

  it('trouve aussi un acte versé à Vitam par son identifiant (SystemId de l’unité racine)', async () => {
    // The demo Vitam's form: 36 lowercase base32 characters (main/demo-archive/server.ts vitamGuid).
    const systemId = 'aeeaaaaaachxk2mhabq5ralmz3tqbwyaaaaq';
    const t = transfers.insert({ profileId: landeda, messageIdentifier: 'SCEAU-MSG-VITAM' });
    transfers.update(t.id, { state: 'accepted', archiveReference: systemId });
    const vitamAct = documents.insert(
      doc(landeda, 'AR_2024_201.pdf', { nature: 'AR', number: '2024_201', date: '2024-06-01', objet: 'Voirie' }),
    );
    documents.update(vitamAct.id, { transferId: t.id, state: 'accepted' });
    expect(documents.list({ text: systemId }).items.map((d) => d.id)).toEqual([vitamAct.id]);
    const { rows, col } = await exported({ sort: 'newest', text: systemId });
    expect(rows.map((r) => r[col('Cote attribuée par l’archive')])).toEqual([systemId]);
    documents.update(vitamAct.id, { state: 'ready', transferId: null });
  });

  it('suit le filtre d’état et la classification de la préfecture', async () => {
    classifications.set(plouguerneau, 'classification.xml', '2024-01-01', [
      { code: '6', label: 'Domaines de compétences par thèmes' },
      { code: '6.1', label: 'Police municipale (liste de la préfecture)' },
    ]);
    const accepted = await exported({ sort: 'newest', states: ['accepted'] });
    expect(accepted.rows).toHaveLength(2);
    const ready = await exported({ sort: 'newest', states: ['ready'], profileId: plouguerneau });
    expect(ready.rows).toHaveLength(BULK / 2);
    expect(ready.rows[0]![ready.col('Libellé de la classification')]).toBe(
      'Police municipale (liste de la préfecture)',
    );
    const none = await exported({ sort: 'newest', text: 'introuvable-xyz' });
    expect(none.rows).toEqual([]);
  });
});
