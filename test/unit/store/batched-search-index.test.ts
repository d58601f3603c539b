// Issue 18: a batch of new documents joins the search index in one statement at its end
// (migration 010) instead of one trigger run per row. Whatever happens to those rows inside
// the batch, the index ends as the per-row triggers would have left it; everything outside a
// batch keeps the triggers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { DocumentRepository } from '../../../main/core/store/documents';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { documentMaker } from '../../tools/documents';

const dir = mkdtempSync(join(tmpdir(), 'sceau-batch-fts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const make = documentMaker({ origin: 'drop' });
const doc = (profileId: string, fileName: string, objet: string) => make(profileId, fileName, { objet });

let n = 0;
function setup(): { db: Db; docs: DocumentRepository; profileId: string } {
  const db = openDatabase(join(dir, `s${++n}.db`));
  const profileId = new ProfileRepository(db).create({ name: 'C', archiveKind: 'demo' }).id;
  return { db, docs: new DocumentRepository(db), profileId };
}

const ftsRows = (db: Db): number =>
  (db.prepare("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH 'pont'").get() as { n: number }).n;

describe('search index written once per batch', () => {
  it('finds every row of a batch, with the changes made inside it, once each', () => {
    const { db, docs, profileId } = setup();
    const before = docs.insert(doc(profileId, 'avant.pdf', 'pont ancien'));
    db.transaction(() =>
      docs.withBatchedSearchIndex(() => {
        const a = docs.insert(doc(profileId, 'a.pdf', 'pont neuf'));
        const b = docs.insert(doc(profileId, 'b.pdf', 'pont levis'));
        docs.insert(doc(profileId, 'c.pdf', 'pont suspendu'));
        // Changed and removed inside the batch: indexed as they end, not as they began.
        docs.update(a.id, { metadata: { objet: 'passerelle' }, fileName: 'a2.pdf' });
        db.prepare('DELETE FROM documents WHERE id = ?').run(b.id);
        // An older row keeps its trigger inside a batch too.
        docs.update(before.id, { metadata: { objet: 'viaduc' } });
        // Nested: the outer batch indexes.
        docs.withBatchedSearchIndex(() => docs.insert(doc(profileId, 'd.pdf', 'pont tournant')));
      }),
    ).immediate();
    expect(
      docs
        .list({ profileId, text: 'pont' })
        .items.map((d) => d.fileName)
        .sort(),
    ).toEqual(['c.pdf', 'd.pdf']);
    expect(docs.list({ profileId, text: 'passerelle' }).items.map((d) => d.fileName)).toEqual(['a2.pdf']);
    expect(docs.list({ profileId, text: 'viaduc' }).total).toBe(1);
    expect(docs.list({ profileId, text: 'ancien' }).total).toBe(0);
    expect(ftsRows(db)).toBe(2); // no row indexed twice
    expect(db.prepare('SELECT count(*) AS n FROM search_index_deferred').get()).toEqual({ n: 0 });
    // After the batch, the per-row triggers are back.
    docs.insert(doc(profileId, 'e.pdf', 'pont de pierre'));
    expect(ftsRows(db)).toBe(3);
    db.close();
  });

  it('a batch that fails leaves neither rows nor index entries, and the triggers working', () => {
    const { db, docs, profileId } = setup();
    expect(() =>
      db
        .transaction(() =>
          docs.withBatchedSearchIndex(() => {
            docs.insert(doc(profileId, 'x.pdf', 'pont perdu'));
            throw new Error('boom');
          }),
        )
        .immediate(),
    ).toThrow('boom');
    expect(ftsRows(db)).toBe(0);
    expect(docs.list({ profileId }).total).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM search_index_deferred').get()).toEqual({ n: 0 });
    docs.insert(doc(profileId, 'y.pdf', 'pont retrouvé'));
    expect(docs.list({ profileId, text: 'pont' }).total).toBe(1);
    expect(() => docs.withBatchedSearchIndex(() => 0)).toThrow(/inside a transaction/);
    db.close();
  });

  it('the lookup of what is already sealed from a path stays on an index', () => {
    const { db } = setup();
    const plan = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT id FROM documents WHERE profile_id = ? AND relative_path = ? AND source_path = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
        )
        .all('p', 'r', 's') as Array<{ detail: string }>
    ).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/USING INDEX documents_source/);
    db.close();
  });
});
