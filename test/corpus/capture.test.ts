// Bad inputs at intake (files dropped on the window → engine.handlers.intakePaths), then the
// same documents deposited to the built-in demo archive: each case's exact outcome, and
// that its neighbours in the batch were sealed intact, the sources untouched, the vault and
// journal verified.
import { readFileSync, truncateSync, unlinkSync } from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeResult } from '../../main/contract/api';
import { ACT_MAX_BYTES } from '../../main/core/app/deposit';
import {
  complete,
  expectFrenchOnly,
  expectSealedAs,
  expectSourcesUntouched,
  expectVaultAndJournalVerify,
  openCorpusEngine,
  waitForDocState,
  type CorpusEngine,
} from './corpus-helpers';
import {
  deepFile,
  fifo,
  grower,
  ODD_NAMES,
  pdf,
  sha256,
  sparse,
  unixSocket,
  waitForSize,
  write,
  type OddName,
} from './generate';

let c: CorpusEngine;
const sources: Record<string, string> = {};
let socketServer: net.Server | null = null;

beforeAll(async () => {
  c = await openCorpusEngine('depot');
});
afterAll(async () => {
  socketServer?.close();
  await c?.close();
});

function keep(p: string): string {
  sources[p] = sha256(readFileSync(p));
  return p;
}

/** Distinct documents of an intake whose source is `p`. */
const docFor = (r: IntakeResult, p: string) =>
  [...new Set(r.documentIds)].filter((id) => c.engine.parts.documents.get(id)?.sourcePath === p);

/**
 * Odd names: how each is expected to fare at deposit. The package refuses, before sending and
 * in French, names Windows cannot hold (< > : " / \ | ? *, control characters, reserved device
 * names, a trailing dot or space): the archive's users would not be able to restore them.
 */
const FORBIDDEN =
  /^Le versement n’a pas pu être préparé : Le nom du fichier « .* » contient un caractère interdit \(< > : " \/ \\ \| \? \* ou caractère de contrôle\)\.$/s;
const WINDOWS =
  /^Le versement n’a pas pu être préparé : Le nom du fichier « .* » est réservé par Windows ou se termine par un point ou une espace : renommez-le\.$/s;
const NAME_CASES: Array<{ key: OddName; deposit: 'accepted' | RegExp }> = [
  { key: 'nfd', deposit: 'accepted' },
  { key: 'emoji', deposit: 'accepted' },
  { key: 'long255', deposit: 'accepted' },
  { key: 'windowsReserved', deposit: WINDOWS },
  { key: 'windowsReservedAux', deposit: WINDOWS },
  { key: 'trailingDot', deposit: WINDOWS },
  { key: 'trailingSpace', deposit: WINDOWS },
  { key: 'leadingDash', deposit: 'accepted' },
  { key: 'percent', deposit: 'accepted' },
  { key: 'latin1ish', deposit: 'accepted' },
  { key: 'backslashTraversal', deposit: FORBIDDEN },
  { key: 'newline', deposit: FORBIDDEN },
  { key: 'escape', deposit: FORBIDDEN },
  { key: 'quotes', deposit: FORBIDDEN },
];

describe('one dropped batch full of bad inputs', () => {
  let intake: IntakeResult;
  const p: Record<string, string> = {};

  beforeAll(async () => {
    const dir = path.join(c.root, 'depose');
    for (const { key } of NAME_CASES) p[key] = keep(write(dir, path.join('noms', ODD_NAMES[key]), pdf(`nom ${key}`)));
    p.empty = keep(write(dir, 'DE_2024_001_vide.pdf', Buffer.alloc(0)));
    p.deep = keep(deepFile(path.join(dir, 'profond'), 40));
    p.deepRoot = path.join(dir, 'profond');
    p.fifo = fifo(path.join(dir, 'speciaux', 'tube nommé.pdf'));
    p.socket = path.join(dir, 'speciaux', 'prise.pdf');
    socketServer = await unixSocket(p.socket);
    p.device = '/dev/null';
    p.missing = path.join(dir, 'DE_2024_404_introuvable.pdf');
    p.officeLock = keep(write(dir, '~$budget 2024.docx', 'verrou Word'));
    p.hidden = keep(write(dir, '.budget cache.pdf', pdf('cache')));
    p.original = keep(write(dir, 'DE_2024_777_original.pdf', pdf('original et sa copie')));
    p.copy = keep(write(dir, 'copie de l original.pdf', readFileSync(p.original)));
    intake = await c.engine.handlers.intakePaths({
      profileId: c.profileId,
      paths: [
        ...NAME_CASES.map(({ key }) => p[key]!),
        p.empty,
        p.deepRoot,
        p.fifo,
        p.socket,
        p.device,
        p.missing,
        p.officeLock,
        p.hidden,
        p.emoji!,
        p.original,
        p.copy,
      ],
    });
  }, 60_000);

  it.each(NAME_CASES)('name $key: sealed under its exact name, nothing renamed or moved', ({ key }) => {
    const ids = docFor(intake, p[key]!);
    expect(ids, `one document for ${JSON.stringify(ODD_NAMES[key])}`).toHaveLength(1);
    const rec = c.engine.parts.documents.get(ids[0]!)!;
    expect(rec.fileName).toBe(ODD_NAMES[key]);
    expect(rec.state).toBe('needs_metadata');
    expect(rec.reason).toMatch(/^À compléter : /);
    expectSealedAs(c.engine, rec.id, sources[p[key]!]!);
  });

  it('a 255-byte name and a path 40 folders deep are sealed with their full relative path', () => {
    expect(Buffer.byteLength(ODD_NAMES.long255)).toBe(255);
    const [id] = docFor(intake, p.deep!);
    const rec = c.engine.parts.documents.get(id!)!;
    expect(rec.relativePath.split('/')).toHaveLength(42); // profond/ + 40 levels + name
    expectSealedAs(c.engine, rec.id, sources[p.deep!]!);
  });

  it('an empty (0-byte) file is sealed (proof of what was given) and flagged à compléter', () => {
    const [id] = docFor(intake, p.empty!);
    const rec = c.engine.parts.documents.get(id!)!;
    expect(rec.size).toBe(0);
    expect(rec.state).toBe('needs_metadata');
    expectSealedAs(c.engine, rec.id, sha256(Buffer.alloc(0)), 0);
  });

  it.each([
    ['fifo', 'a named pipe'],
    ['socket', 'a Unix socket'],
    ['device', 'a device (/dev/null)'],
  ])('%s (%s) is not sealed and the user is told it is not an ordinary file', (key) => {
    expect(docFor(intake, p[key]!)).toHaveLength(0);
    const entry = intake.ignored.find((i) => i.path === p[key]);
    expect(entry, `an explanation for ${p[key]}`).toBeTruthy();
    // Not "vanished": it is still there, it is just not a document.
    expect(entry!.reason).toMatch(/n’est pas un fichier (ordinaire|normal)|pas un document|fichier spécial/);
    expectFrenchOnly(entry!.reason);
  });

  it('a path that does not exist is reported, not silently dropped', () => {
    const entry = intake.ignored.find((i) => i.path === p.missing);
    expect(entry, 'the missing file is listed among the files not taken').toBeTruthy();
    expect(entry!.reason).toMatch(/introuvable/);
  });

  it('an Office owner file is left aside as a lock file', () => {
    expect(intake.ignored.find((i) => i.path === p.officeLock)?.reason).toBe(
      'Fichier temporaire ou de verrouillage : il n’est pas versé.',
    );
  });

  it('a hidden file dropped on purpose is left aside with the right reason', () => {
    const entry = intake.ignored.find((i) => i.path === p.hidden);
    expect(entry).toBeTruthy();
    // It is neither temporary nor a lock file: say what it is.
    expect(entry!.reason).toMatch(/caché/);
  });

  it('identical content under two names: one document each, exactly one of them marked duplicate of the other', () => {
    const first = c.engine.parts.documents.get(docFor(intake, p.original!)[0]!)!;
    const copy = c.engine.parts.documents.get(docFor(intake, p.copy!)[0]!)!;
    // Sealed concurrently: either may be "the original".
    const [dup, original] = copy.state === 'duplicate' ? [copy, first] : [first, copy];
    expect(dup.state).toBe('duplicate');
    expect(original.state).toBe('needs_metadata');
    expect(dup.reason).toMatch(
      new RegExp(
        `^Ce fichier est identique à « ${original.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} », déjà pris en compte le \\d\\d/\\d\\d/\\d{4} \\(à compléter\\)\\.$`,
      ),
    );
  });

  it('the same path twice in one drop: one document, listed once and counted once', () => {
    expect(docFor(intake, p.emoji!)).toHaveLength(1);
    // Every regular file is a new document: 14 names + empty + deep + original + copy.
    const created = NAME_CASES.length + 4;
    expect(c.engine.parts.documents.list({ profileId: c.profileId }, { limit: 1000 }).total).toBe(created);
    expect(new Set(intake.documentIds).size).toBe(created);
    expect(intake.documentIds, 'no id listed twice').toHaveLength(created);
    expect(intake.accepted).toBe(created);
  });

  it('deposits: odd but legal names are accepted by the archive; forbidden characters are refused before sending, in French', async () => {
    const ids = new Map<string, string>();
    let n = 100;
    for (const { key } of NAME_CASES) {
      const [id] = docFor(intake, p[key]!);
      await complete(c.engine, id!, `Acte au nom étrange ${key}`, `2024_${n++}`);
      ids.set(key, id!);
    }
    const [emptyId] = docFor(intake, p.empty!);
    await complete(c.engine, emptyId!, 'Acte vide', '2024_001');
    const plan = await c.engine.handlers.depositNow({ ids: [...ids.values(), emptyId!] });
    expect(plan.problems).toEqual([]);
    for (const { key, deposit } of NAME_CASES) {
      const d = await waitForDocState(c.engine, ids.get(key)!, ['accepted', 'rejected', 'failed'], 45_000);
      if (deposit === 'accepted') {
        expect(d.state, `${key}: ${d.reason}`).toBe('accepted');
        expect(d.transfer?.replyCode).toBe('000');
      } else {
        expect(d.state).toBe('failed');
        expect(d.reason).toMatch(deposit);
        expect(d.transfer?.sentAt ?? null, 'refused before anything was sent').toBeNull();
      }
    }
    const empty = await waitForDocState(c.engine, emptyId!, ['accepted', 'rejected', 'failed']);
    expect(empty.state).toBe('failed');
    expect(empty.reason).toBe(
      'Le versement n’a pas pu être préparé : Le fichier « DE_2024_001_vide.pdf » est vide : l’archive le refuserait.',
    );
  }, 90_000);
});

describe('size limit of an act (150 Mo, @CTES)', () => {
  it('a 151 MiB act (sparse file) is sealed whole but refused at deposit with the size and the limit', async () => {
    const big = sparse(path.join(c.root, 'gros', 'DE_2024_150_plan local d urbanisme.pdf'), 151 * 1024 * 1024);
    const neighbour = keep(write(path.join(c.root, 'gros'), 'DE_2024_151_voisin.pdf', pdf('voisin du gros')));
    const digest = sha256(readFileSync(big));
    sources[big] = digest;
    const r = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [big, neighbour] });
    expect(r.accepted).toBe(2);
    const [bigId] = docFor(r, big);
    expectSealedAs(c.engine, bigId!, digest, 151 * 1024 * 1024);
    expectSealedAs(c.engine, docFor(r, neighbour)[0]!, sources[neighbour]!);
    const ready = await complete(c.engine, bigId!, "Plan local d'urbanisme", '2024_150');
    expect(ready.state).toBe('ready');
    const plan = await c.engine.handlers.depositNow({ ids: [bigId!] });
    expect(plan.queued).toBe(0);
    expect(plan.problems).toEqual([
      { id: bigId, message: 'L’acte et ses annexes pèsent 158 Mo : la limite est de 150 Mo par acte.' },
    ]);
    expect((await c.engine.handlers.getDocument({ id: bigId! })).state).toBe('ready');
    expect(ACT_MAX_BYTES).toBe(150_000_000); // @CTES: 150 MB (decimal), as the message says
  }, 60_000);
});

describe('files that change while Sceau looks at them', () => {
  it('"locked": held open and growing by another process for 2.5 s — sealed once, with its final content', async () => {
    // Linux has no share-mode locks: "locked" here is a file another process still holds
    // open and keeps writing (what Windows reports as EBUSY while Word saves).
    const target = path.join(c.root, 'verrou', 'AR_2024_201_en cours d ecriture.pdf');
    const g = grower(target, { forMs: 2500, everyMs: 100, chunk: 4096 });
    await waitForSize(target, 10);
    const started = Date.now();
    const neighbour = keep(
      write(path.join(c.root, 'verrou'), 'AR_2024_202_voisin.pdf', pdf('voisin du fichier verrouille')),
    );
    const r = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [target, neighbour] });
    const final = await g.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(r.accepted).toBe(2);
    const ids = docFor(r, target);
    expect(ids).toHaveLength(1);
    expectSealedAs(c.engine, ids[0]!, final.sha256, final.size);
    expectSealedAs(c.engine, docFor(r, neighbour)[0]!, sources[neighbour]!);
    sources[target] = final.sha256;
  }, 30_000);

  it('deleted while being sealed: not recorded, reported as vanished; its neighbour is sealed', async () => {
    const dir = path.join(c.root, 'supprime');
    const victim = sparse(path.join(dir, 'DE_2024_301_supprime pendant le scellement.pdf'), 48 * 1024 * 1024);
    const neighbour = keep(write(dir, 'DE_2024_302_voisin.pdf', pdf('voisin du supprime')));
    let deleted = false;
    const off = c.engine.bus.on((e) => {
      if (e.type === 'seal.progress' && e.path === victim && !deleted && e.bytes < e.totalBytes) {
        deleted = true;
        unlinkSync(victim);
      }
    });
    try {
      const r = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [victim, neighbour] });
      expect(deleted, 'the file was deleted mid-seal').toBe(true);
      expect(docFor(r, victim)).toHaveLength(0);
      expect(r.ignored).toContainEqual({ path: victim, reason: 'Le fichier a disparu avant d’être scellé.' });
      expectSealedAs(c.engine, docFor(r, neighbour)[0]!, sources[neighbour]!);
    } finally {
      off();
    }
  }, 30_000);

  it('truncated while being sealed: what is sealed is exactly the file as it ends up, never a mix', async () => {
    const dir = path.join(c.root, 'tronque');
    const victim = sparse(path.join(dir, 'DE_2024_401_tronque pendant le scellement.pdf'), 48 * 1024 * 1024);
    const neighbour = keep(write(dir, 'DE_2024_402_voisin.pdf', pdf('voisin du tronque')));
    let truncated = false;
    const off = c.engine.bus.on((e) => {
      if (e.type === 'seal.progress' && e.path === victim && !truncated && e.bytes < e.totalBytes) {
        truncated = true;
        truncateSync(victim, 200_000);
      }
    });
    try {
      const r = await c.engine.handlers.intakePaths({ profileId: c.profileId, paths: [victim, neighbour] });
      expect(truncated).toBe(true);
      const ids = docFor(r, victim);
      expect(ids).toHaveLength(1);
      const final = readFileSync(victim);
      expect(final.length).toBe(200_000);
      expectSealedAs(c.engine, ids[0]!, sha256(final), 200_000);
      // The journal says it took more than one read.
      const sealed = c.engine.parts.journal
        .entriesFor(ids[0]!)
        .find((e) => (e.data as { to?: string })?.to === 'sealed');
      expect(sealed).toBeTruthy();
      expectSealedAs(c.engine, docFor(r, neighbour)[0]!, sources[neighbour]!);
      sources[victim] = sha256(final);
    } finally {
      off();
    }
  }, 30_000);
});

describe('after the whole corpus', () => {
  it('every source is untouched, the vault and the journal verify', async () => {
    expectSourcesUntouched(sources);
    await expectVaultAndJournalVerify(c.engine);
  }, 60_000);
});
