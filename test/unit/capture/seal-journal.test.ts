import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendFileSync,
  createWriteStream,
  existsSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson } from '../../../main/core/seal/canonical-json';
import { sealFile, SealError } from '../../../main/core/seal/seal';
import { leftoverTempFiles, prepareVault, vaultAbsolutePath } from '../../../main/core/seal/vault';
import { Journal, GENESIS_HASH, computeEntryHash } from '../../../main/core/seal/journal';
import { verifyJournal } from '../../../main/core/seal/verify';
import { transition, IllegalTransitionError, canTransition } from '../../../main/core/capture/states';
import { recordSealedFile } from '../../../main/core/capture/record';
import { makeFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(async () => {
  fx = makeFixture();
  await prepareVault(fx.vaultDir);
});
afterEach(() => fx.cleanup());

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('canonicalJson', () => {
  it('orders keys exactly as Array.prototype.sort does, whatever the keys', () => {
    // The order every stored entry was hashed with: Object.keys(…).sort() (UTF-16 code units).
    const reference = (v: unknown): string =>
      v === null || typeof v !== 'object'
        ? JSON.stringify(v ?? null)
        : Array.isArray(v)
          ? `[${v.map(reference).join(',')}]`
          : `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`)
              .join(',')}}`;
    const alphabet = ['a', 'B', 'é', 'E', 'e', '0', '9', '10', '_', ' ', '\u2019', '😀', '\ud800', 'Z', 'z', '-'];
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let t = 0; t < 300; t++) {
      const obj: Record<string, unknown> = {};
      // Some objects past 32 keys, where the library sort takes over.
      for (let i = rnd(t % 10 === 0 ? 60 : 12); i >= 0; i--) {
        let k = '';
        for (let j = rnd(4); j >= 0; j--) k += alphabet[rnd(alphabet.length)];
        obj[k] = rnd(3) === 0 ? { [k]: i, b: [i, { z: 1, a: 2 }] } : i;
      }
      expect(canonicalJson(obj)).toBe(reference(obj));
    }
  });

  it('sorts keys at every depth, no spaces, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 'é' }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":"é","z":0}]},"b":1}',
    );
  });
});

describe('sealFile', () => {
  it('copies the exact bytes to the content address and returns their fingerprint', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const src = join(fx.dir, 'acte.pdf');
    writeFileSync(src, data);
    const r = await sealFile(src, fx.vaultDir);
    expect(r.fingerprint).toEqual({ algorithm: 'sha256', hex: sha(data) });
    expect(r.vaultPath).toBe(`sha256/${r.fingerprint.hex.slice(0, 2)}/${r.fingerprint.hex}`);
    expect(readFileSync(vaultAbsolutePath(fx.vaultDir, r.vaultPath)).equals(data)).toBe(true);
    expect(r.alreadyInVault).toBe(false);
    // Same bytes again: the vault copy is not rewritten.
    const before = statSync(vaultAbsolutePath(fx.vaultDir, r.vaultPath));
    const copy = join(fx.dir, 'copie.pdf');
    writeFileSync(copy, data);
    const r2 = await sealFile(copy, fx.vaultDir);
    expect(r2.alreadyInVault).toBe(true);
    expect(statSync(vaultAbsolutePath(fx.vaultDir, r.vaultPath)).ino).toBe(before.ino);
    expect(leftoverTempFiles(fx.vaultDir)).toEqual([]);
  });

  it('supports sha512 and the worker-thread path', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const src = join(fx.dir, 'gros.pdf');
    writeFileSync(src, data);
    const r = await sealFile(src, fx.vaultDir, { algorithm: 'sha512', workerThreshold: 1024 });
    expect(r.fingerprint.hex).toBe(createHash('sha512').update(data).digest('hex'));
    expect(readFileSync(vaultAbsolutePath(fx.vaultDir, r.vaultPath)).equals(data)).toBe(true);
  });

  it('a vanished file gives a French error and leaves no temp file', async () => {
    const err = await sealFile(join(fx.dir, 'absent.pdf'), fx.vaultDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SealError);
    expect((err as SealError).code).toBe('vanished');
    expect((err as SealError).message).toMatch(/a disparu/);
    expect(leftoverTempFiles(fx.vaultDir)).toEqual([]);
  });

  it('a small file whose address holds a same-size damaged copy (a batch cut by a crash): the good bytes replace it', async () => {
    const data = randomBytes(64 * 1024);
    const src = join(fx.dir, 'acte.pdf');
    writeFileSync(src, data);
    const r = await sealFile(src, fx.vaultDir);
    const target = vaultAbsolutePath(fx.vaultDir, r.vaultPath);
    // Small files are written at their address directly (seal-batch.ts): a power cut before the
    // batch's barrier can leave the name and the size, and other bytes.
    writeFileSync(target, Buffer.alloc(data.length));
    const r2 = await sealFile(src, fx.vaultDir);
    expect(r2.vaultPath).toBe(r.vaultPath);
    expect(readFileSync(target).equals(data)).toBe(true);
    expect(leftoverTempFiles(fx.vaultDir)).toEqual([]);
  });

  it('a file growing during the read is re-sealed, and the fingerprint matches the vault copy', async () => {
    const src = join(fx.dir, 'growing.bin');
    writeFileSync(src, randomBytes(8 * 1024 * 1024));
    // Append while the first read is in progress, then stop.
    let appends = 0;
    const timer = setInterval(() => {
      if (appends++ < 3) appendFileSync(src, randomBytes(1024));
    }, 1);
    const r = await sealFile(src, fx.vaultDir, { retryDelayMs: 30, maxAttempts: 10 });
    clearInterval(timer);
    const vaultBytes = readFileSync(vaultAbsolutePath(fx.vaultDir, r.vaultPath));
    expect(sha(vaultBytes)).toBe(r.fingerprint.hex);
    expect(vaultBytes.length).toBe(r.size);
  });

  it('a file that never stops changing ends with a French "unstable" error', async () => {
    const src = join(fx.dir, 'busy.bin');
    writeFileSync(src, randomBytes(4 * 1024 * 1024));
    const ws = createWriteStream(src, { flags: 'a' });
    const timer = setInterval(() => ws.write(randomBytes(4096)), 1);
    const err = await sealFile(src, fx.vaultDir, { retryDelayMs: 5, maxAttempts: 3 }).catch((e: unknown) => e);
    clearInterval(timer);
    ws.end();
    expect(err).toBeInstanceOf(SealError);
    expect((err as SealError).code).toBe('unstable');
    expect((err as SealError).message).toMatch(/a changé pendant sa lecture/);
  });
});

/** Seals n files through the real record path, producing a realistic journal. */
async function sealSome(n: number): Promise<Journal> {
  const journal = new Journal(fx.db);
  for (let i = 0; i < n; i++) {
    const src = join(fx.dir, `DE_2024_00${i}_Budget primitif ${i}.pdf`);
    writeFileSync(src, `contenu ${i} ${randomBytes(8).toString('hex')}`);
    const seal = await sealFile(src, fx.vaultDir);
    recordSealedFile(fx.db, journal, {
      profileId: fx.profileId,
      folderId: null,
      sourcePath: src,
      relativePath: src.split('/').pop()!,
      origin: 'drop',
      seal,
      head: Buffer.alloc(0),
    });
  }
  return journal;
}

function unlockJournal(): void {
  fx.db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
}

describe('journal', () => {
  it('chains entries from the genesis hash and verifies', async () => {
    const journal = await sealSome(3);
    const all = journal.slice(1, 1000);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(journal.head()).toEqual({ seq: all.length, hash: all.at(-1)!.hash });
    const docId = all[0]!.documentId!;
    expect(journal.entriesFor(docId).map((e) => e.type)).toEqual(['detected', 'state', 'state']);
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v).toMatchObject({ ok: true, documents: 3, entries: all.length });
  });

  it('hashes the same text verify rebuilds from the stored row, whatever the data holds', () => {
    const journal = new Journal(fx.db);
    const awkward: unknown[] = [
      {},
      { b: 1, a: { d: [1, undefined, { z: -0, y: 'é\u2019' }], c: undefined } },
      { big: 1e21, small: 5e-324, neg: -12.5, t: true, n: null, s: 'ligne\n\t"cité" \\ ' },
      { lone: '\ud800x', emoji: '😀', ctrl: '\u0000\u001f', keys: { é: 1, E: 2, e: 3, '10': 4, '9': 5 } },
      [3, 'a', [[]], { x: [{}] }],
      'texte seul',
    ];
    fx.db.transaction(() => {
      for (const [i, data] of awkward.entries())
        journal.append({ type: 'probe', data, documentId: i % 2 ? null : `d${i}`, at: '2024-01-01T00:00:00.000Z' });
    })();
    const all = journal.slice(1, 100);
    expect(all).toHaveLength(awkward.length);
    for (const [i, e] of all.entries()) {
      expect(computeEntryHash(e)).toBe(e.hash);
      expect(canonicalJson(e.data)).toBe(canonicalJson(awkward[i]));
    }
  });

  it('refuses an append outside a transaction', () => {
    expect(() => new Journal(fx.db).append({ type: 'x' })).toThrow(/inside a transaction/);
    expect(() => new Journal(fx.db).appendMany([{ type: 'x' }])).toThrow(/inside a transaction/);
  });

  it('appendMany writes the entries that as many appends would, and a rolled-back savepoint drops them all', () => {
    const journal = new Journal(fx.db);
    const inputs = [
      { type: 'detected', documentId: 'd1', profileId: 'p', data: { b: 1, a: 'é' }, at: '2024-01-01T00:00:00.000Z' },
      {
        type: 'state',
        documentId: 'd1',
        profileId: 'p',
        data: { from: 'detected', to: 'sealed' },
        at: '2024-01-01T00:00:00.001Z',
      },
      { type: 'state', documentId: 'd1', profileId: 'p', at: '2024-01-01T00:00:00.002Z' },
    ];
    fx.db.transaction(() => {
      journal.append({ type: 'before', at: '2024-01-01T00:00:00.000Z' });
      journal.appendMany(inputs);
    })();
    const many = journal.slice(1, 100);
    // The same inputs one by one, in a second database: byte for byte the same chain.
    const other = makeFixture();
    try {
      const single = new Journal(other.db);
      other.db.transaction(() => {
        single.append({ type: 'before', at: '2024-01-01T00:00:00.000Z' });
        for (const i of inputs) single.append(i);
      })();
      expect(many).toEqual(single.slice(1, 100));
    } finally {
      other.cleanup();
    }
    for (let i = 1; i < many.length; i++) expect(many[i]!.prevHash).toBe(many[i - 1]!.hash);
    // A failure after appendMany inside a savepoint: none of its entries stays, the chain goes on.
    fx.db.transaction(() => {
      expect(() =>
        fx.db.transaction(() => {
          journal.appendMany(inputs);
          throw new Error('échec après l’écriture');
        })(),
      ).toThrow(/échec/);
      journal.append({ type: 'after' });
    })();
    const all = journal.slice(1, 100);
    expect(all.map((e) => e.type)).toEqual(['before', 'detected', 'state', 'state', 'after']);
    expect(all[4]!.prevHash).toBe(all[3]!.hash);
    for (const e of all) expect(computeEntryHash(e)).toBe(e.hash);
  });

  it('detects and locates an altered entry', async () => {
    await sealSome(3);
    unlockJournal();
    fx.db.prepare(`UPDATE journal SET data = replace(data, '"to":"sealed"', '"to":"ready"') WHERE seq = 5`).run();
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v).toMatchObject({ ok: false, seq: 5, problem: 'altered' });
    expect(v.message).toMatch(/n° 5.*modifiée/);
  });

  it('detects a deleted entry (gap) and a renumbered deletion (broken link)', async () => {
    await sealSome(3);
    unlockJournal();
    fx.db.prepare('DELETE FROM journal WHERE seq = 4').run();
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v).toMatchObject({ ok: false, seq: 4, problem: 'gap' });
    expect(v.message).toMatch(/manquante/);
  });

  it('detects a deleted entry whose followers were renumbered', async () => {
    await sealSome(2);
    unlockJournal();
    const max = (fx.db.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number }).m;
    fx.db.prepare('DELETE FROM journal WHERE seq = 3').run();
    for (let s = 4; s <= max; s++) fx.db.prepare('UPDATE journal SET seq = ? WHERE seq = ?').run(s - 1, s);
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.seq).toBe(3);
      expect(['reordered', 'broken_link']).toContain(v.problem);
    }
  });

  it('detects and locates reordered entries', async () => {
    await sealSome(3);
    unlockJournal();
    fx.db.exec(
      'UPDATE journal SET seq = -1 WHERE seq = 6; UPDATE journal SET seq = 6 WHERE seq = 7; UPDATE journal SET seq = 7 WHERE seq = -1;',
    );
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v).toMatchObject({ ok: false, seq: 6, problem: 'reordered' });
    expect(v.message).toMatch(/réordonné.*n° 6.*n° 7/);
  });

  it('detects a cut tail when the last known head is given', async () => {
    const journal = await sealSome(2);
    const head = journal.head()!;
    unlockJournal();
    fx.db.prepare('DELETE FROM journal WHERE seq = ?').run(head.seq);
    expect(await verifyJournal(fx.db, fx.vaultDir)).toMatchObject({ ok: true }); // undetectable alone
    expect(await verifyJournal(fx.db, fx.vaultDir, { expectedHead: head })).toMatchObject({
      ok: false,
      problem: 'truncated',
      seq: head.seq,
    });
  });

  it('detects one altered byte of a vault copy and a missing copy, with the sealing entry', async () => {
    const journal = await sealSome(3);
    const doc = fx.db.prepare('SELECT id, vault_path FROM documents ORDER BY rowid LIMIT 1 OFFSET 1').get() as {
      id: string;
      vault_path: string;
    };
    const sealSeq = journal.entriesFor(doc.id).find((e) => (e.data as { to?: string }).to === 'sealed')!.seq;
    const file = vaultAbsolutePath(fx.vaultDir, doc.vault_path);
    const bytes = readFileSync(file);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(file, bytes);
    const v = await verifyJournal(fx.db, fx.vaultDir);
    expect(v).toMatchObject({ ok: false, problem: 'vault_altered', seq: sealSeq, documentId: doc.id });
    unlinkSync(file);
    expect(await verifyJournal(fx.db, fx.vaultDir)).toMatchObject({
      ok: false,
      problem: 'vault_missing',
      seq: sealSeq,
    });
  });

  it('detects a fingerprint changed in the documents table', async () => {
    await sealSome(1);
    fx.db.prepare(`UPDATE documents SET fingerprint_hex = '${'ab'.repeat(32)}'`).run();
    expect(await verifyJournal(fx.db, fx.vaultDir)).toMatchObject({ ok: false, problem: 'record_mismatch' });
  });
});

describe('document state machine', () => {
  it('allows the documented path, journals each step in the same transaction and emits events', async () => {
    await sealSome(1);
    const journal = new Journal(fx.db);
    const doc = fx.db.prepare('SELECT id, state FROM documents').get() as { id: string; state: string };
    const path = ['queued', 'sending', 'sent', 'acknowledged', 'accepted'] as const;
    if (doc.state === 'needs_metadata') transition(fx.db, journal, fx.bus, doc.id, 'ready');
    for (const to of path) transition(fx.db, journal, fx.bus, doc.id, to);
    const states = fx.events.flatMap((e) => (e.type === 'document.state' ? [e.to] : [])).slice(-5);
    expect(states).toEqual([...path]);
    const last = journal.entriesFor(doc.id).at(-1)!;
    expect(last.data).toMatchObject({ from: 'acknowledged', to: 'accepted' });
    expect((await verifyJournal(fx.db, fx.vaultDir)).ok).toBe(true);
  });

  it('throws on an illegal transition and changes nothing', async () => {
    await sealSome(1);
    const journal = new Journal(fx.db);
    const doc = fx.db.prepare('SELECT id, state FROM documents').get() as { id: string; state: string };
    const head = journal.head();
    expect(() => transition(fx.db, journal, fx.bus, doc.id, 'accepted')).toThrow(IllegalTransitionError);
    expect(journal.head()).toEqual(head);
    expect((fx.db.prepare('SELECT state FROM documents').get() as { state: string }).state).toBe(doc.state);
  });

  it('failed is retryable, forced duplicates become ready, rejected can be corrected', () => {
    expect(canTransition('sending', 'failed')).toBe(true);
    expect(canTransition('failed', 'queued')).toBe(true);
    expect(canTransition('duplicate', 'ready')).toBe(true);
    expect(canTransition('skipped_auto_archived', 'ready')).toBe(true);
    expect(canTransition('rejected', 'needs_metadata')).toBe(true);
    expect(canTransition('accepted', 'ready')).toBe(false);
    expect(canTransition('detected', 'ready')).toBe(false);
  });

  it('a rolled-back transaction leaves neither the state nor the journal entry', async () => {
    await sealSome(1);
    const journal = new Journal(fx.db);
    const doc = fx.db.prepare('SELECT id, state FROM documents').get() as { id: string; state: string };
    const head = journal.head();
    const target = doc.state === 'ready' ? 'queued' : 'ready';
    expect(() =>
      fx.db.transaction(() => {
        transition(fx.db, journal, null, doc.id, target);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(journal.head()).toEqual(head);
    expect(existsSync(fx.dbFile)).toBe(true);
  });
});
