// Forgeries of a genuine evidence package and of a genuine data folder, made as an attacker
// without the TSA's private key would. The genuine package comes from the real engine (demo
// archive, real deposit) stamped by a real `openssl ts` TSA. Each forged package must fail the
// package's own verifier.sh run with only sha256sum/openssl/xmllint/unzip on PATH; each forged
// data folder must fail `sceau verify` (real CLI process) with a French message naming the entry.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../main/core/engine';
import { computeEntryHash, GENESIS_HASH, type JournalEntry, type JournalRow } from '../../main/core/seal/journal';
import { CHECKPOINT_FILE } from '../../main/core/seal/journal-checkpoints';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from '../integration/engine/helpers';
import { cliEnv, runCli } from '../integration/cli/helpers';
import { startTsaServer, type TsaServer } from '../tools/tsa-server';
import {
  copyPackage,
  editFile,
  readEntries,
  removeTokens,
  replaceDocument,
  runVerifier,
  seqName,
  stampHead,
  tokenSeqs,
  writeEntries,
} from './forge';

const root = tempDir('sceau-forgeries-');
const dataDir = path.join(root, 'data');
let tsa: TsaServer;
let pirate: TsaServer;
let engine: Engine;
let genuine: string;
let documentId: string;
let captureSeq: number;
let reference: string;

const FORGED = pdfBytes('Deliberation 2024-045 budget primitif FALSIFIEE');

function entryWith(entries: JournalEntry[], test: (e: JournalEntry) => boolean): JournalEntry {
  const e = entries.find(test);
  if (!e) throw new Error('entry not found');
  return e;
}
const isCapture = (e: JournalEntry): boolean =>
  e.documentId === documentId && (e.data as { to?: string }).to === 'sealed';
const pkg = (name: string): string => copyPackage(genuine, path.join(root, 'forged', name));

function expectFails(r: { status: number | null; out: string }, why: RegExp): void {
  expect(r.out, r.out).toMatch(why);
  expect(r.out).toMatch(/Bilan : \d+ vérification\(s\) en échec/);
  expect(r.status, r.out).toBe(1);
}

beforeAll(async () => {
  tsa = await startTsaServer({ name: 'Horodatage Mairie' });
  pirate = await startTsaServer({ name: 'Horodatage Pirate' });
  engine = await openEngine(dataDir);
  await engine.handlers.updateSettings({ tsaUrl: tsa.url, tsaCertPem: tsa.caPem });
  await engine.start();
  const profile = await engine.handlers.createProfile({
    profile: { name: 'Commune de Plouguerneau', siren: '212901956', archiveKind: 'demo' },
  });
  const [act] = writeFiles(path.join(root, 'mairie'), {
    'DE_2024_045_vote du budget primitif.pdf': pdfBytes('Deliberation 2024-045 budget primitif'),
  });
  const intake = await engine.handlers.intakePaths({ profileId: profile.id, paths: [act!] });
  documentId = intake.documentIds[0]!;
  // A first checkpoint covering the capture, as the 15 s tick would give.
  await engine.parts.timestamps!.tick();
  const doc = await engine.handlers.getDocument({ id: documentId });
  await engine.handlers.updateMetadata({
    id: documentId,
    metadata: { ...doc.metadata, objet: 'Vote du budget primitif 2024', date: '2024-03-12', classification: '7.1' },
  });
  await engine.handlers.depositNow({ ids: [documentId] });
  const accepted = await waitForState(engine, documentId, ['accepted', 'rejected', 'failed'], 60_000);
  expect(accepted.state).toBe('accepted');
  reference = accepted.transfer!.archiveReference!;
  const ref = await engine.handlers.exportEvidence({ documentId });
  const zip = engine.resolveExport(ref.exportId)!.path;
  execFileSync('unzip', ['-q', zip, '-d', path.join(root, 'genuine')]);
  genuine = path.join(root, 'genuine', 'preuve');
  captureSeq = entryWith(readEntries(genuine), isCapture).seq;
  await engine.close();
}, 120_000);

afterAll(async () => {
  await tsa?.close();
  await pirate?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the genuine package', () => {
  it('passes its own verifier with only sha256sum, openssl, xmllint and unzip', () => {
    const r = runVerifier(genuine);
    expect(r.out).not.toContain('ÉCHEC');
    expect(r.out).toContain(`l’empreinte du document figure dans le journal : entrée de scellement ${captureSeq}`);
    expect(r.out).toMatch(/OK {6}l’entrée de scellement \d+ est couverte par le jeton de l’entrée \d+/);
    expect(r.out).toMatch(/OK {6}le bordereau décrit ce document : même empreinte SHA-256 et même taille/);
    expect(r.out).toContain(`la réponse porte la cote consignée au journal : ${reference}`);
    expect(r.out).toMatch(/réponse au transfert : empreinte consignée à l’entrée \d+/);
    expect(r.out).toContain('Empreinte SHA-256 du certificat de l’autorité');
    expect(r.out).toMatch(/OK {6}point de contrôle envoyé à l’archive : entrée \d+ du journal/);
    expect(r.out).toContain('Bilan : toutes les vérifications ont réussi.');
    expect(r.status, r.out).toBe(0);
    expect(tokenSeqs(genuine).length).toBeGreaterThanOrEqual(2);
  });

  it('LISEZMOI says what it proves and not, lists unzip, and step 2 leaves the auditor in place', () => {
    const text = readFileSync(path.join(genuine, 'LISEZMOI.txt'), 'utf8');
    expect(text).toContain('CE QUE CE PAQUET PROUVE, ET CE QU’IL NE PROUVE PAS');
    expect(text).toContain('Il ne prouve pas :');
    expect(text).toContain('Outils nécessaires : unzip, sha256sum');
    expect(text).toContain('    (cd journal && sha256sum --strict -c chaine.sha256)');
    expect(text).not.toContain('chaine.sha256 && cd ..');
    expect(text).toContain('bash verifier.sh --ca certificat-obtenu-ailleurs.pem');
    expect(text).toContain('*** DÉMONSTRATION ***');
    expect(text).toContain(`entrée n° ${captureSeq} du journal`);
  });

  it('passes with the CA obtained outside the package (--ca)', () => {
    const r = runVerifier(genuine, ['--ca', tsa.caFile]);
    expect(r.out).toContain(`vérifiée avec le certificat fourni : ${tsa.caFile}`);
    expect(r.status, r.out).toBe(0);
  });

  it('prints the TSA fingerprint the auditor compares with the published one', () => {
    const published = execFileSync('openssl', ['x509', '-in', tsa.caFile, '-noout', '-fingerprint', '-sha256'])
      .toString()
      .split('=')[1]!
      .trim();
    expect(runVerifier(genuine).out).toContain(published);
    expect(readFileSync(path.join(genuine, 'LISEZMOI.txt'), 'utf8')).toContain(published);
  });
});

describe('forged packages fail verifier.sh', () => {
  it('T5: forged document with a fake sealing entry chained after the stamped head', () => {
    const root = pkg('t5');
    const hex = replaceDocument(root, FORGED);
    const entries = readEntries(root);
    const capture = entryWith(entries, isCapture);
    const last = entries.at(-1)!;
    const fake = {
      ...capture,
      seq: last.seq + 1,
      at: capture.at,
      prevHash: last.hash,
      data: { ...(capture.data as object), fingerprint: { algorithm: 'sha256', hex }, size: FORGED.length },
    };
    writeEntries(root, [...entries, fake]);
    expectFails(runVerifier(root), /ÉCHEC {3}l’entrée de scellement \d+ est postérieure au dernier état horodaté/);
  });

  it('T3b: forged document, chain recomputed, fresh token from the same TSA (dated long after the capture)', async () => {
    const root = pkg('t3b');
    const hex = replaceDocument(root, FORGED);
    const entries = readEntries(root);
    const tenDaysEarlier = (iso: string): string => new Date(Date.parse(iso) - 10 * 86_400_000).toISOString();
    // The forger claims the forged act was captured at the original date (here ten days ago).
    const forged = entries.map((e) =>
      isCapture(e)
        ? {
            ...e,
            at: tenDaysEarlier(e.at),
            data: { ...(e.data as object), fingerprint: { algorithm: 'sha256', hex }, size: FORGED.length },
          }
        : { ...e, at: tenDaysEarlier(e.at) },
    );
    const out = writeEntries(root, forged);
    removeTokens(root);
    await stampHead(root, out.at(-1)!, { url: tsa.url, trustPem: tsa.caPem });
    editFile(path.join(root, 'seda', 'bordereau.xml'), (s) =>
      s.replace(/<MessageDigest([^>]*)>[0-9a-f]{64}</, `<MessageDigest$1>${hex}<`),
    );
    expectFails(
      runVerifier(root),
      /ÉCHEC {3}le jeton qui couvre la capture a été obtenu \d+ h après la date de capture/,
    );
  });

  it('T3c: the attacker’s own TSA and CA, authority file replaced — caught with the CA obtained elsewhere', async () => {
    const root = pkg('t3c');
    replaceDocument(root, FORGED);
    const entries = readEntries(root);
    const out = writeEntries(root, entries);
    removeTokens(root);
    await stampHead(root, out.at(-1)!, { url: pirate.url, trustPem: pirate.caPem });
    const alone = runVerifier(root);
    // Alone the package cannot know: the fingerprint printed is not the one the TSA publishes.
    const published = execFileSync('openssl', ['x509', '-in', tsa.caFile, '-noout', '-fingerprint', '-sha256'])
      .toString()
      .split('=')[1]!
      .trim();
    expect(alone.out).not.toContain(published);
    expect(alone.out).toContain('comparez l’empreinte ci-dessous avec celle');
    expectFails(runVerifier(root, ['--ca', tsa.caFile]), /ÉCHEC {3}jeton d’horodatage de l’entrée \d+ invalide/);
  });

  it('T4: the bordereau’s digest of the document changed', () => {
    const root = pkg('t4');
    editFile(path.join(root, 'seda', 'bordereau.xml'), (s) =>
      s.replace(/<MessageDigest([^>]*)>[0-9a-f]{64}</, `<MessageDigest$1>${'ab'.repeat(32)}<`),
    );
    const r = runVerifier(root);
    expectFails(r, /ÉCHEC {3}le bordereau ne décrit pas ce document/);
    expect(r.out).toMatch(/ÉCHEC {3}bordereau de versement \S+ : ce n’est pas le message consigné au journal/);
  });

  it('T4b: the archive reference in the reply changed', () => {
    const root = pkg('t4b');
    editFile(path.join(root, 'seda', 'reponse-transfert.xml'), (s) => s.split(reference).join('COTE-FAUSSE-1'));
    const r = runVerifier(root);
    expectFails(r, /ÉCHEC {3}la réponse ne porte pas la cote consignée au journal/);
    expect(r.out).toMatch(/ÉCHEC {3}réponse au transfert : ce n’est pas le message consigné au journal/);
  });

  it('a package without any token', () => {
    const root = pkg('no-token');
    removeTokens(root);
    expectFails(runVerifier(root), /ÉCHEC {3}aucun jeton d’horodatage : ce paquet est « non horodaté »/);
  });

  it('a token from another TSA, the packaged authority kept', async () => {
    const root = pkg('other-tsa');
    const entries = readEntries(root);
    const last = tokenSeqs(root).at(-1)!;
    await stampHead(
      root,
      entryWith(entries, (e) => e.seq === last),
      { url: pirate.url, trustPem: pirate.caPem },
      {
        writeAuthority: false,
      },
    );
    expectFails(runVerifier(root), new RegExp(`ÉCHEC {3}jeton d’horodatage de l’entrée ${last} invalide`));
  });

  it('a genuine token over a different head', async () => {
    const root = pkg('other-head');
    const entries = readEntries(root);
    const last = tokenSeqs(root).at(-1)!;
    const other = entryWith(entries, (e) => e.seq === last - 1);
    await stampHead(root, other, { url: tsa.url, trustPem: tsa.caPem });
    // Relabel it as the token of the last head (the forger's swap).
    for (const [from, to] of [
      [`jeton-${seqName(other.seq)}.tsr`, `jeton-${seqName(last)}.tsr`],
      [`signataire-${seqName(other.seq)}.pem`, `signataire-${seqName(last)}.pem`],
    ] as const) {
      cpSync(path.join(root, 'horodatage', from), path.join(root, 'horodatage', to));
    }
    removeTokens(root, [other.seq]);
    expectFails(runVerifier(root), new RegExp(`ÉCHEC {3}jeton d’horodatage de l’entrée ${last} invalide`));
  });

  it('reordered entries with a recomputed chain', () => {
    const root = pkg('reordered');
    const entries = readEntries(root);
    const i = entries.findIndex(isCapture);
    const swapped = [...entries];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    writeEntries(
      root,
      swapped.map((e, k) => ({ ...e, seq: entries[k]!.seq })),
    );
    expectFails(runVerifier(root), /ÉCHEC {3}le texte horodaté par le jeton \d+ n’est pas l’empreinte de l’entrée/);
  });

  it('a replaced reply (the verdict rewritten)', () => {
    const root = pkg('replaced-reply');
    editFile(path.join(root, 'seda', 'reponse-transfert.xml'), (s) =>
      s.replace(/<Comment>[^<]*<\/Comment>/, '<Comment>Versement accepté sans réserve</Comment>'),
    );
    expectFails(runVerifier(root), /ÉCHEC {3}réponse au transfert : ce n’est pas le message consigné au journal/);
  });

  it('a reply that answers another bordereau', () => {
    const root = pkg('other-bordereau');
    const bordereau = readFileSync(path.join(root, 'seda', 'bordereau.xml'), 'utf8');
    const ours = /<MessageIdentifier>([^<]+)</.exec(bordereau)![1]!;
    editFile(path.join(root, 'seda', 'reponse-transfert.xml'), (s) => s.split(ours).join('SCEAU_AUTRE_VERSEMENT'));
    expectFails(runVerifier(root), new RegExp(`ÉCHEC {3}la réponse au transfert ne désigne pas le bordereau ${ours}`));
  });

  it('a removed checkpoint: the token covering the archive’s reply taken out', () => {
    const root = pkg('removed-checkpoint');
    removeTokens(root, [tokenSeqs(root).at(-1)!]);
    expectFails(
      runVerifier(root),
      /ÉCHEC {3}réponse au transfert : consigné à l’entrée \d+, que n’atteint aucun jeton/,
    );
  });

  it('a removed checkpoint: the copy sent to the archive taken out of the package', () => {
    const root = pkg('removed-archive-checkpoint');
    rmSync(path.join(root, 'seda', 'point-de-controle.json'));
    expectFails(
      runVerifier(root),
      /ÉCHEC {3}le point de contrôle horodaté envoyé à l’archive avec ce versement est absent/,
    );
  });

  it('the document changed by one byte', () => {
    const root = pkg('document-byte');
    const [name] = execFileSync('ls', [path.join(root, 'document')])
      .toString()
      .trim()
      .split('\n');
    const file = path.join(root, 'document', name!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 1;
    writeFileSync(file, bytes);
    expectFails(runVerifier(root), /ÉCHEC {3}le document ne correspond pas à son empreinte/);
  });

  it('a journal entry edited without recomputing the chain', () => {
    const root = pkg('entry-edited');
    const file = path.join(root, 'journal', 'entrees', `${seqName(captureSeq)}.json`);
    editFile(file, (s) => s.replace('"to":"sealed"', '"to":"sealed","note":"x"'));
    expectFails(runVerifier(root), /ÉCHEC {3}une entrée du journal a été modifiée/);
  });

  it('the bordereau’s size of the document changed', () => {
    const root = pkg('size');
    editFile(path.join(root, 'seda', 'bordereau.xml'), (s) =>
      s.replace(/<Size>(\d+)</, (_m, n) => `<Size>${Number(n) + 1}<`),
    );
    expectFails(runVerifier(root), /ÉCHEC {3}le bordereau déclare \d+ octets pour ce document, qui en fait \d+/);
  });

  it('a replaced acknowledgement', () => {
    const root = pkg('ack');
    editFile(path.join(root, 'seda', 'accuse-reception.xml'), (s) =>
      s.replace(/<Date>[^<]*</, '<Date>2020-01-01T00:00:00<'),
    );
    expectFails(runVerifier(root), /ÉCHEC {3}accusé de réception : ce n’est pas le message consigné au journal/);
  });

  it('the stamped text edited to match a rechained journal (no new token)', () => {
    const root = pkg('tete');
    const hex = replaceDocument(root, FORGED);
    const out = writeEntries(
      root,
      readEntries(root).map((e) =>
        isCapture(e) ? { ...e, data: { ...(e.data as object), fingerprint: { algorithm: 'sha256', hex } } } : e,
      ),
    );
    for (const seq of tokenSeqs(root)) {
      const e = entryWith(out, (x) => x.seq === seq);
      writeFileSync(path.join(root, 'horodatage', `tete-journal-${seqName(seq)}.txt`), e.hash);
    }
    expectFails(runVerifier(root), /ÉCHEC {3}jeton d’horodatage de l’entrée \d+ invalide/);
  });
});

describe('forged data folders fail `sceau verify`', () => {
  const env = cliEnv();
  function copyData(name: string): { dir: string; db: Database.Database } {
    const dir = path.join(root, 'data-forged', name);
    cpSync(dataDir, dir, { recursive: true });
    const db = new Database(path.join(dir, 'sceau.db'));
    // The forger owns the file: the append-only triggers are no obstacle.
    db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
    return { dir, db };
  }
  /** Rewrites rows from `fromSeq` on with recomputed hashes (the forger's rechain). */
  function rechain(db: Database.Database, fromSeq: number): void {
    const rows = db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(fromSeq) as JournalRow[];
    let prev =
      (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(fromSeq - 1) as { hash: string } | undefined)?.hash ??
      GENESIS_HASH;
    const update = db.prepare('UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?');
    for (const r of rows) {
      const hash = computeEntryHash({
        seq: r.seq,
        at: r.at,
        documentId: r.document_id,
        profileId: r.profile_id,
        type: r.type,
        data: JSON.parse(r.data) as unknown,
        prevHash: prev,
      });
      update.run(prev, hash, r.seq);
      prev = hash;
    }
  }
  const detectedSeq = (db: Database.Database): number =>
    (
      db.prepare("SELECT seq FROM journal WHERE document_id = ? AND type = 'detected'").get(documentId) as {
        seq: number;
      }
    ).seq;
  async function verify(dir: string): Promise<{ code: number | null; out: string }> {
    const r = await runCli(['--data-dir', dir, 'verify'], { env });
    return { code: r.code, out: r.stdout + r.stderr };
  }

  it('the genuine data folder verifies', async () => {
    const r = await verify(copyData('genuine').dir);
    expect(r.out).toMatch(/Dernier point de contrôle intact : entrée n° \d+/);
    expect(r.code, r.out).toBe(0);
  });

  it('an entry edited, the chain recomputed, then every timestamp row deleted', async () => {
    const { dir, db } = copyData('edit-rechain-delete');
    const seq = detectedSeq(db);
    db.prepare("UPDATE journal SET data = json_set(data, '$.sourcePath', '/faux/chemin.pdf') WHERE seq = ?").run(seq);
    rechain(db, seq);
    db.prepare('DELETE FROM timestamps').run();
    db.close();
    const r = await verify(dir);
    expect(r.out).toContain(
      `L’entrée n° ${seq} du journal a été modifiée, retirée ou déplacée puis le journal a été rechaîné`,
    );
    expect(r.out).toMatch(/a disparu de la base/);
    expect(r.out).not.toMatch(/manquent à la fin/);
    expect(r.code, r.out).toBe(4);
  });

  it('an entry edited and the chain recomputed, tokens kept', async () => {
    const { dir, db } = copyData('edit-rechain');
    const seq = detectedSeq(db);
    db.prepare("UPDATE journal SET data = json_set(data, '$.size', 1) WHERE seq = ?").run(seq);
    rechain(db, seq);
    db.close();
    const r = await verify(dir);
    expect(r.out).toContain(`L’entrée n° ${seq} du journal a été modifiée`);
    expect(r.out).toMatch(/Première anomalie : entrée \d+/);
    expect(r.code, r.out).toBe(4);
  });

  it('the last entries deleted together with their token', async () => {
    const { dir, db } = copyData('tail-cut');
    const last = (
      db.prepare("SELECT max(subject_seq) AS s FROM timestamps WHERE state = 'granted'").get() as {
        s: number;
      }
    ).s;
    const cutFrom = last - 2;
    db.prepare('DELETE FROM journal WHERE seq >= ?').run(cutFrom);
    db.prepare('DELETE FROM timestamps WHERE subject_seq >= ?').run(cutFrom);
    db.close();
    const r = await verify(dir);
    expect(r.out).toContain(`Les entrées n° ${cutFrom} à ${last} ont été supprimées de la fin du journal`);
    expect(r.out).toMatch(/Dernier point de contrôle intact : entrée n° \d+/);
    expect(r.code, r.out).toBe(4);
  });

  it('a removed checkpoint: one token row deleted', async () => {
    const { dir, db } = copyData('token-row');
    const first = db
      .prepare("SELECT subject_seq AS s FROM timestamps WHERE state = 'granted' ORDER BY subject_seq LIMIT 1")
      .get() as { s: number };
    db.prepare('DELETE FROM timestamps WHERE subject_seq = ?').run(first.s);
    db.close();
    const r = await verify(dir);
    expect(r.out).toMatch(
      new RegExp(
        `Le jeton d’horodatage couvrant l’entrée n° ${first.s} .*consigné à l’entrée n° \\d+\\) a disparu de la base`,
      ),
    );
    expect(r.code, r.out).toBe(4);
  });

  it('entries reordered and the chain recomputed', async () => {
    const { dir, db } = copyData('reorder');
    const seq = detectedSeq(db);
    const a = db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as JournalRow;
    const b = db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq + 1) as JournalRow;
    const put = db.prepare(
      'UPDATE journal SET at = ?, document_id = ?, profile_id = ?, type = ?, data = ? WHERE seq = ?',
    );
    put.run(b.at, b.document_id, b.profile_id, b.type, b.data, seq);
    put.run(a.at, a.document_id, a.profile_id, a.type, a.data, seq + 1);
    rechain(db, seq);
    db.close();
    const r = await verify(dir);
    expect(r.out).toContain(`L’entrée n° ${seq} du journal a été modifiée, retirée ou déplacée`);
    expect(r.code, r.out).toBe(4);
  });

  it('the checkpoint register deleted', async () => {
    const { dir, db } = copyData('register');
    db.close();
    rmSync(path.join(dir, CHECKPOINT_FILE));
    const r = await verify(dir);
    expect(r.out).toContain(`Le registre des points de contrôle (${CHECKPOINT_FILE}) a disparu`);
    expect(r.code, r.out).toBe(4);
  });
});

// Review (rev2): a checksum list is a list of claims, not a proof. `sha256sum -c` skips a line it
// finds « improperly formatted » (a tab, one space) and still exits 0, so whatever such a line
// names was never hashed; and a file name is data, never code.
describe('forged packages that hide from sha256sum -c or reach the shell', () => {
  const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
  /** Same length as the genuine act's text: the forged PDF has the genuine size. */
  const SAME_SIZE = pdfBytes('Deliberation 2024-046 budget primitif');
  function documentFile(root: string): string {
    const [name] = readdirSync(path.join(root, 'document'));
    return path.join(root, 'document', name!);
  }

  it('a swapped document behind an empreinte.sha256 line that sha256sum skips', () => {
    const root = pkg('skipped-document-line');
    const file = documentFile(root);
    const genuineHash = readFileSync(path.join(root, 'empreinte.sha256'), 'utf8').slice(0, 64);
    expect(SAME_SIZE.length).toBe(readFileSync(file).length);
    writeFileSync(file, SAME_SIZE);
    // The line the script reads first, tab-separated (skipped by -c), then one line -c does check.
    writeFileSync(
      path.join(root, 'empreinte.sha256'),
      `${genuineHash}\tdocument/${path.basename(file)}\n${sha(readFileSync(path.join(root, 'LISEZMOI.txt')))}  LISEZMOI.txt\n`,
    );
    expectFails(runVerifier(root), /ÉCHEC {3}le document ne correspond pas à son empreinte/);
  });

  it('the sealing entry and the bordereau rewritten behind chain lines that sha256sum skips', () => {
    const root = pkg('skipped-chain-lines');
    const file = documentFile(root);
    const genuineHash = readFileSync(path.join(root, 'empreinte.sha256'), 'utf8').slice(0, 64);
    expect(SAME_SIZE.length).toBe(readFileSync(file).length);
    writeFileSync(file, SAME_SIZE);
    const forgedHash = sha(SAME_SIZE);
    writeFileSync(path.join(root, 'empreinte.sha256'), `${forgedHash}  document/${path.basename(file)}\n`);
    const bordereauPath = path.join(root, 'seda', 'bordereau.xml');
    const genuineBordereau = sha(readFileSync(bordereauPath));
    editFile(bordereauPath, (s) => s.split(genuineHash).join(forgedHash));
    const forgedBordereau = sha(readFileSync(bordereauPath));
    // Rewrite every entry naming the old digests; keep their listed (stamped) hashes, tab-separated.
    const changed = new Set<string>();
    const dir = path.join(root, 'journal', 'entrees');
    for (const f of readdirSync(dir)) {
      const before = readFileSync(path.join(dir, f), 'utf8');
      const after = before.split(genuineHash).join(forgedHash).split(genuineBordereau).join(forgedBordereau);
      if (after !== before) {
        writeFileSync(path.join(dir, f), after);
        changed.add(`entrees/${f}`);
      }
    }
    expect(changed.size).toBeGreaterThanOrEqual(2);
    editFile(path.join(root, 'journal', 'chaine.sha256'), (s) =>
      s
        .split('\n')
        .map((l) => (changed.has(l.slice(66)) ? l.replace('  ', '\t') : l))
        .join('\n'),
    );
    expectFails(runVerifier(root), /ÉCHEC {3}une entrée du journal a été modifiée/);
  });

  it('a token file name carrying a command is refused without running it', () => {
    const root = pkg('token-name-command');
    const [first] = tokenSeqs(root);
    cpSync(
      path.join(root, 'horodatage', `jeton-${seqName(first!)}.tsr`),
      path.join(root, 'horodatage', 'jeton-1+h[$(echo pwned>pwned)].tsr'),
    );
    const r = runVerifier(root);
    expect(existsSync(path.join(root, 'pwned')), r.out).toBe(false);
    expectFails(r, /ÉCHEC {3}fichier inattendu dans horodatage/);
  });

  it('a document that is a link out of the package, or a second file beside it', () => {
    const linked = pkg('document-symlink');
    const file = documentFile(linked);
    const outside = path.join(root, 'forged', 'outside-copy.pdf');
    cpSync(file, outside);
    rmSync(file);
    symlinkSync(outside, file);
    expectFails(runVerifier(linked), /ÉCHEC {3}le paquet contient des liens ou des fichiers spéciaux/);

    // What the system leaves on opening the folder is not a second document.
    const browsed = pkg('document-browsed');
    writeFileSync(path.join(browsed, 'document', '.DS_Store'), 'Bud1');
    writeFileSync(path.join(browsed, 'document', 'Thumbs.db'), 'x');
    const ok = runVerifier(browsed);
    expect(ok.out).toContain('Bilan : toutes les vérifications ont réussi.');
    expect(ok.status, ok.out).toBe(0);

    const extra = pkg('document-extra');
    writeFileSync(path.join(extra, 'document', 'acte-signe.pdf'), SAME_SIZE);
    expectFails(runVerifier(extra), /ÉCHEC {3}le dossier document\/ contient d’autres fichiers/);
  });
});

describe('what the auditor reads beside the verified files', () => {
  it('the archive’s reply as a link to a copy outside the package', () => {
    const root = pkg('reply-symlink');
    const reply = path.join(root, 'seda', 'reponse-transfert.xml');
    const outside = path.join(root, '..', 'reply-outside.xml');
    cpSync(reply, outside);
    rmSync(reply);
    symlinkSync(outside, reply);
    expectFails(
      runVerifier(root),
      /ÉCHEC {3}le paquet contient des liens ou des fichiers spéciaux.* seda\/reponse-transfert\.xml/,
    );
  });

  it('journal/extrait.jsonl edited (an accepted deposit shown as rejected) while entrees/ stay genuine', () => {
    const root = pkg('extrait-edited');
    editFile(path.join(root, 'journal', 'extrait.jsonl'), (s) => s.replace('"to":"accepted"', '"to":"rejected"'));
    expectFails(
      runVerifier(root),
      /ÉCHEC {3}journal\/extrait\.jsonl ne reproduit pas les entrées vérifiées \(ligne \d+\)/,
    );
  });

  it('journal/extrait.jsonl with an extra line', () => {
    const root = pkg('extrait-extra');
    const file = path.join(root, 'journal', 'extrait.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"seq":999}\n`);
    expectFails(runVerifier(root), /ÉCHEC {3}journal\/extrait\.jsonl ne reproduit pas les entrées vérifiées/);
  });
});
