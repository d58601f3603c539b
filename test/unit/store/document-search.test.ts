// Finding an act again the way a secretary types it: number with any separator, archive
// reference, classification code, date, nature; annexes come with their act.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { DocumentRepository } from '../../../main/core/store/documents';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { ftsQuery, normaliseActNumberQuery } from '../../../main/core/store/document-search';
import { documentMaker, seedDepositedAct } from '../../tools/documents';

const dir = mkdtempSync(join(tmpdir(), 'sceau-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = documentMaker({ state: 'accepted' });

function seed(db: Db) {
  const profileId = new ProfileRepository(db).create({ name: 'Commune', archiveKind: 'demo' }).id;
  const docs = new DocumentRepository(db);
  const { act, annex } = seedDepositedAct(db, profileId, doc, {
    messageIdentifier: 'MSG-45',
    archiveReference: 'AE_2026_1',
    objet: 'Vote du budget primitif',
  });
  docs.insert(
    doc(profileId, 'AR_2024_17.pdf', {
      nature: 'AR',
      number: '2024_17',
      date: '2024-02-05',
      objet: 'Fermeture de la voirie',
      classification: '6.1',
    }),
  );
  return { docs, act, annex };
}

describe('recherche des actes', () => {
  const db = openDatabase(join(dir, 'search.db'));
  const { docs, act, annex } = seed(db);
  const names = (text: string) =>
    docs
      .list({ text })
      .items.map((d) => d.fileName)
      .sort();

  it.each(['2024-045', '2024_045', '2024/045', '2024.045', '2024 045'])(
    'le numéro « %s » trouve l’acte et son annexe',
    (q) => {
      expect(names(q)).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
    },
  );

  it('la référence de l’archive trouve l’acte versé et son annexe, et s’affiche dans la liste', () => {
    expect(names('AE_2026_1')).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
    expect(names('ae_2026_1')).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
    const listed = docs.list({ text: 'AE_2026_1' }).items.find((d) => d.id === act.id)!;
    expect(listed.archiveReference).toBe('AE_2026_1');
    expect(docs.get(annex.id)!.archiveReference).toBe('AE_2026_1');
  });

  it('le code de classification, la date et la nature trouvent l’acte', () => {
    expect(names('7.1')).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
    expect(names('6.1')).toEqual(['AR_2024_17.pdf']);
    expect(names('2024-02-05')).toEqual(['AR_2024_17.pdf']);
    expect(names('voirie')).toEqual(['AR_2024_17.pdf']);
  });

  it('une modification des informations met l’index à jour', () => {
    expect(names('2024-046')).toEqual([]);
    docs.update(act.id, { metadata: { ...act.metadata, number: '2024_046' } });
    expect(names('2024-046')).toEqual(['DE_2024_045.pdf', 'annexe budget.pdf']);
    docs.update(act.id, { metadata: act.metadata });
  });

  it('la requête d’un numéro garde aussi sa forme tapée, et une classification n’est pas prise pour un numéro', () => {
    expect(normaliseActNumberQuery('2024-045')).toBe('2024_045');
    expect(ftsQuery('2024-045')).toBe('("2024-045" OR "2024_045")');
    expect(ftsQuery('7.1')).toBe('"7.1"');
    expect(ftsQuery('a bc cde')).toBe('"cde"');
    expect(ftsQuery('l\'"école')).toBe('"l\'""école"');
  });
});

describe('migration 008 (search keys)', () => {
  it('indexe les documents déjà en base avant la mise à jour', () => {
    const file = join(dir, 'old.db');
    const before = MIGRATIONS.filter((m) => m.version < 8);
    const old = openDatabase(file, { migrations: before });
    const { act } = seed(old);
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const found = new DocumentRepository(db).list({ text: '2024-045' }).items.map((d) => d.id);
    expect(found).toContain(act.id);
    db.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS c FROM documents_fts WHERE documents_fts MATCH \'"7.1"\'').get()).toEqual({
      c: 1,
    });
    raw.close();
  });
});
