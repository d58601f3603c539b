// A batch of sealed files whose acts find annexes already waiting « à rattacher » (recorded
// by an earlier batch): the acts take them in together at the batch's end (one read for all
// their keys), the first act of a key takes them, and every step is journaled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { RecordQueue } from '../../../main/core/capture/record-queue';
import type { SealedCandidate } from '../../../main/core/capture/record';
import { Journal } from '../../../main/core/seal/journal';
import { verifyJournal } from '../../../main/core/seal/verify';
import { DocumentRepository } from '../../../main/core/store/documents';
import { makeFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

const pdf = Buffer.from('%PDF-1.4\n' + 'x'.repeat(200) + '\n%%EOF\n');

function sealed(relativePath: string): SealedCandidate {
  const hex = createHash('sha256').update(relativePath).digest('hex');
  return {
    profileId: fx.profileId,
    folderId: null,
    sourcePath: `/nulle-part/${relativePath}`,
    relativePath,
    origin: 'drop',
    seal: {
      fingerprint: { algorithm: 'sha256', hex },
      size: pdf.length,
      mtimeMs: 1,
      vaultPath: `sha256/${hex.slice(0, 2)}/${hex}`,
      alreadyInVault: false,
      attempts: 1,
    },
    head: pdf,
    tail: pdf,
  };
}

const act = (n: number, dir = 'lot'): string =>
  `${dir}/DE_2025_${String(n).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`;
const annex = (n: number): string => `lot/DE_2025_${String(n).padStart(5, '0')}_2025-03-14_budget (7.1) annexe 1.pdf`;

describe('acts of a batch adopting the annexes waiting for them', () => {
  it('links each waiting annex to the first act of its key, makes it ready, and journals it', async () => {
    const journal = new Journal(fx.db);
    const queue = new RecordQueue(fx.db, journal, fx.bus);
    const [a1, a2] = await Promise.all([queue.record(sealed(annex(1))), queue.record(sealed(annex(2)))]);
    expect(a1.document.state).toBe('needs_metadata');
    expect(a2.document.state).toBe('needs_metadata');

    // Next batch: the act of key 1 twice (two folders), the act of key 2, an act with no annex.
    const [first, second, other, alone] = await Promise.all([
      queue.record(sealed(act(1, 'lot'))),
      queue.record(sealed(act(1, 'copie'))),
      queue.record(sealed(act(2))),
      queue.record(sealed(act(3))),
    ]);
    const docs = new DocumentRepository(fx.db);
    expect(docs.get(a1.document.id)).toMatchObject({ parentId: first.document.id, state: 'ready', reason: null });
    expect(docs.get(a2.document.id)).toMatchObject({ parentId: other.document.id, state: 'ready', reason: null });
    expect(second.document.id).not.toBe(first.document.id);
    expect(alone.document.state).toBe('ready');
    // Told as events once the batch is committed, and written in the chain.
    const readyEvents = fx.events.filter(
      (e) => e.type === 'document.state' && e.to === 'ready' && e.from === 'needs_metadata',
    );
    expect(readyEvents.map((e) => (e as { documentId: string }).documentId).sort()).toEqual(
      [a1.document.id, a2.document.id].sort(),
    );
    expect(journal.entriesFor(a1.document.id).map((e) => (e.data as { to?: string }).to ?? e.type)).toEqual([
      'detected',
      'sealed',
      'needs_metadata',
      'ready',
    ]);
    // The chain and the documents table agree (no vault copies in this test).
    const v = await verifyJournal(fx.db, fx.vaultDir, { checkVault: false });
    expect(v.ok, v.message).toBe(true);
  });

  it('an annex listed before its act in the same batch is linked and ready at once', async () => {
    const journal = new Journal(fx.db);
    const queue = new RecordQueue(fx.db, journal, fx.bus);
    const [a, act1] = await Promise.all([queue.record(sealed(annex(7))), queue.record(sealed(act(7)))]);
    expect(new DocumentRepository(fx.db).get(a.document.id)).toMatchObject({
      parentId: act1.document.id,
      state: 'ready',
      reason: null,
    });
    // Its story has no « à rattacher » step, and the act's entries come first in the chain.
    expect(journal.entriesFor(a.document.id).map((e) => (e.data as { to?: string }).to ?? e.type)).toEqual([
      'detected',
      'sealed',
      'ready',
    ]);
    expect(journal.entriesFor(act1.document.id)[0]!.seq).toBeLessThan(journal.entriesFor(a.document.id)[0]!.seq);
    const v = await verifyJournal(fx.db, fx.vaultDir, { checkVault: false });
    expect(v.ok, v.message).toBe(true);
  });
});
