// Against the real demo archive over HTTP, both protocols: queued → sent → ACK → ATR.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { makeHarness, sleep, type Kind, type SyncHarness } from './harness';
import { DocumentRepository } from '../../../main/core/store/documents';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each<Kind>(['asalae', 'vitam'])('sync engine against the demo archive (%s)', (kind) => {
  it('sends queued transfers, tracks ACK and ATR, documents follow, notifications grouped', async () => {
    h = await makeHarness({ kind });
    h.settings.notifyDelayMs = 5_000;
    const big = await h.addTransfer(kind, { files: [{ name: 'gros.pdf', data: randomBytes(300_000) }] }, 2);
    const small = await Promise.all([1, 2, 3].map(() => h!.addTransfer(kind, {}, 1)));
    const ids = [big.id, ...small.map((t) => t.id)];
    const engine = h.engine();
    engine.start();
    const rows = await h.waitStates(ids, ['accepted', 'rejected']);
    expect(rows.map((r) => r.state)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    for (const r of rows) {
      expect(r.attempts).toBe(1);
      expect(r.replyXml).toContain(r.messageIdentifier);
      expect(r.sentAt).not.toBeNull();
      expect(r.repliedAt).not.toBeNull();
      if (kind === 'asalae') {
        expect(r.replyCode).toBe('000');
        expect(r.ackXml).toContain(r.messageIdentifier);
        expect(r.archiveReference).toBeTruthy();
      } else {
        expect(r.replyCode).toBe('OK');
        expect(r.operationId).toBeTruthy();
      }
    }
    const stats = h.archive!.stats();
    expect(new Set(stats.accepted)).toEqual(new Set(rows.map((r) => r.messageIdentifier)));
    expect(stats.duplicatesRefused).toBe(0);
    if (kind === 'asalae') expect(stats.chunksReceived).toBeGreaterThan(5); // the big one went in chunks

    // Documents went through the journaled state machine.
    const docs = new DocumentRepository(h.db).list({ transferId: big.id }).items;
    expect(docs.map((d) => d.state)).toEqual(['accepted', 'accepted']);
    const journal = h.db
      .prepare("SELECT data FROM journal WHERE document_id = ? AND type = 'state' ORDER BY seq")
      .all(docs[0]!.id) as Array<{ data: string }>;
    expect(journal.map((j) => (JSON.parse(j.data) as { to: string }).to)).toEqual(
      kind === 'asalae'
        ? ['sending', 'sent', 'acknowledged', 'accepted']
        : ['sending', 'sent', 'acknowledged', 'accepted'],
    );

    // Progress, connectivity and one grouped notification.
    expect(
      h.events.some((e) => e.type === 'transfer.progress' && e.transferId === big.id && e.sentBytes === e.totalBytes),
    ).toBe(true);
    expect(h.events.some((e) => e.type === 'connectivity' && e.reachable)).toBe(true);
    await sleep(150);
    const notes = h.events.filter((e) => e.type === 'notification');
    expect(notes.map((n) => n.type === 'notification' && n.title)).toEqual(['5 documents versés']);
    const last = h.events.filter((e) => e.type === 'sync.status').at(-1);
    expect(last).toMatchObject({ paused: false, pendingCount: 0 });
    expect(engine.status().pendingCount).toBe(0);
  });

  it('a rejection is stored with code and reason, documents rejected, never resent', async () => {
    h = await makeHarness({ kind });
    const bad = await h.addTransfer(kind, { classification: '9.1 Autres domaines de compétences' }, 1);
    const good = await h.addTransfer(kind, {}, 1);
    const engine = h.engine();
    engine.start();
    const [r, g] = await h.waitStates([bad.id, good.id], ['accepted', 'rejected']);
    expect(g!.state).toBe('accepted');
    expect(r!.state).toBe('rejected');
    expect(r!.replyCode).toBe(kind === 'asalae' ? '300' : 'KO');
    expect(r!.replyComment).toBeTruthy();
    expect(r!.lastError).toBe(r!.replyComment);
    const doc = new DocumentRepository(h.db).list({ transferId: bad.id }).items[0]!;
    expect(doc.state).toBe('rejected');
    expect(doc.reason).toBe(r!.replyComment);
    // Asking again does nothing: a rejected transfer is never retried blindly.
    engine.depositNow([bad.id]);
    await sleep(300);
    expect(h.transfers.get(bad.id)!.state).toBe('rejected');
    expect(h.transfers.get(bad.id)!.attempts).toBe(1);
    expect(h.archive!.stats().rejected).toEqual([r!.messageIdentifier]);
    await sleep(100);
    const titles = h.events.flatMap((e) => (e.type === 'notification' ? [e.title] : []));
    expect(titles).toContain('1 rejet à corriger');
  });
});
