// Builds an evidence package from a real journal, a real vault file and a real TSA token,
// unzips it and runs its own verifier.sh (sha256sum + openssl + xmllint only).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceError, writeEvidencePackage, type EvidenceInput } from '../../../main/core/evidence/evidence-package';
import { Journal, type JournalEntry } from '../../../main/core/seal/journal';
import { TimestampService } from '../../../main/core/seal/timestamp-queue';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';

const SAMPLES = '/work/shared/seda/samples';
const fromSamples = (name: string): string => readFileSync(join(SAMPLES, name), 'utf8');

let tsa: TsaServer;
let db: Db;
let dir: string;
let input: EvidenceInput;

/**
 * A real journal in its own database, a vault file, a real token over the head. `aheadMs`
 * dates every journal entry that much later than now: this computer's clock running ahead.
 */
async function buildInput(
  sub: string,
  aheadMs = 0,
  editReply: (xml: string) => string = (xml) => xml,
): Promise<{ db: Db; input: EvidenceInput }> {
  mkdirSync(join(dir, sub));
  const db = openDatabase(join(dir, sub, 'sceau.db'));
  const journal = new Journal(db);
  const at = (): string | undefined => (aheadMs ? new Date(Date.now() + aheadMs).toISOString() : undefined);
  const append = (a: Parameters<Journal['append']>[0]): JournalEntry =>
    db.transaction(() => journal.append({ ...a, ...(at() ? { at: at()! } : {}) }))();

  const content = Buffer.from('%PDF-1.4\n% Délibération n° 2024-001 — arrêté du maire\n%%EOF\n');
  const hex = createHash('sha256').update(content).digest('hex');
  const vaultPath = join(dir, sub, 'vault', hex);
  mkdirSync(join(dir, sub, 'vault'));
  writeFileSync(vaultPath, content);

  // The shapes the engine journals: the sealing state, then the SEDA messages' hashes.
  const bordereauXml = fromSamples('archive-transfer-minimal-seda-2.2.xml')
    .replace(/<MessageDigest algorithm="SHA-512">[0-9a-f]+</, `<MessageDigest algorithm="SHA-256">${hex}<`)
    .replace(/<Size>\d+</, `<Size>${content.length}<`);
  // The archive answers after the capture (the samples are dated 2024), by its own clock.
  const later = new Date(Date.now() + 60_000).toISOString();
  const ackXml = fromSamples('acknowledgement-seda-2.2.xml').replace(/<Date>[^<]+</, `<Date>${later}<`);
  const atrXml = editReply(
    fromSamples('archive-transfer-reply-seda-2.2.xml').replace(/<Date>[^<]+</, `<Date>${later}<`),
  );
  const mi = 'COMMUNE-EXEMPLE-2024-0001';
  const record = (message: string, xml: string): JournalEntry =>
    append({
      type: 'transfer.message',
      profileId: 'p1',
      data: {
        transferId: 't1',
        messageIdentifier: mi,
        message,
        sha256: createHash('sha256').update(xml).digest('hex'),
      },
    });
  append({ type: 'profile.created', profileId: 'p1', data: { name: 'Mairie' } });
  const captured = append({
    type: 'state',
    documentId: 'doc-1',
    profileId: 'p1',
    data: { from: 'detected', to: 'sealed', fingerprint: { algorithm: 'sha256', hex }, vaultPath: `${hex}` },
  });
  append({ type: 'document.state', documentId: 'doc-2', profileId: 'p1', data: { to: 'sealed' } });
  record('bordereau', bordereauXml);
  append({
    type: 'document.state',
    documentId: 'doc-1',
    profileId: 'p1',
    data: { to: 'sent', messageIdentifier: mi },
  });
  record('accuse-reception', ackXml);
  record('reponse-transfert', atrXml);
  const accepted = append({
    type: 'document.state',
    documentId: 'doc-1',
    profileId: 'p1',
    data: { to: 'accepted', replyCode: 'OK' },
  });

  const stamps = new TimestampService({ db, tsa: { url: tsa.url, trustPem: tsa.caPem } });
  stamps.requestHeadStamp();
  expect(await stamps.processQueue()).toMatchObject({ granted: 1 });
  const token = stamps.tokenCovering(captured.seq)!;

  return {
    db,
    input: {
      document: {
        id: 'doc-1',
        name: 'Délibération 2024-001 (œuvre « Cœur »).pdf',
        sizeBytes: content.length,
        sha256: hex,
      },
      commune: 'Commune de Plœmeur',
      vaultPath,
      journalEntries: journal.slice(captured.seq, accepted.seq),
      anchorEntry: journal.slice(captured.seq - 1, captured.seq - 1)[0]!,
      timestampTokens: [
        { tokenDer: token.tokenDer!, coversSeq: token.subjectSeq!, journalHeadHash: token.subjectHash! },
      ],
      tsaCertPem: tsa.caPem,
      bordereauXml,
      ackXml,
      atrXml,
      sedaVersion: '2.2',
      messageIdentifier: mi,
      generatedAt: '2024-03-13T09:00:00Z',
    },
  };
}

beforeAll(async () => {
  tsa = await startTsaServer();
  dir = mkdtempSync(join(tmpdir(), 'sceau-evidence-'));
  ({ db, input } = await buildInput('main'));
});

afterAll(async () => {
  db?.close();
  await tsa?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function unzip(zip: string, to: string): string {
  const r = spawnSync('unzip', ['-q', zip, '-d', to], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return join(to, 'preuve');
}

// Only the three tools an auditor needs are on PATH (plus bash to run the script).
function runVerifier(root: string): { status: number | null; out: string } {
  const bin = join(dir, 'auditor-bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['sha256sum', 'openssl', 'xmllint', 'unzip']) {
    const which = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    spawnSync('ln', ['-sf', which, join(bin, tool)]);
  }
  const r = spawnSync('/bin/bash', [join(root, 'verifier.sh')], {
    encoding: 'utf8',
    env: { PATH: bin, LANG: 'C.UTF-8' },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('evidence package', () => {
  it('verifies offline with sha256sum, openssl and xmllint only', async () => {
    const zip = join(dir, 'preuve.zip');
    await writeEvidencePackage(input, zip);
    const root = unzip(zip, join(dir, 'ok'));
    const docName = 'Délibération 2024-001 (œuvre « Cœur »).pdf';
    expect(readFileSync(join(root, 'document', docName))).toEqual(readFileSync(input.vaultPath));
    expect(readFileSync(join(root, 'empreinte.sha256'), 'utf8')).toBe(
      `${input.document.sha256}  document/${docName}\n`,
    );
    expect(statSync(join(root, 'verifier.sh')).mode & 0o111).not.toBe(0);
    const lisezmoi = readFileSync(join(root, 'LISEZMOI.txt'), 'utf8');
    expect(lisezmoi).toContain('sha256sum --strict -c empreinte.sha256');
    expect(lisezmoi).toContain('openssl ts -verify -data horodatage/tete-journal-');
    expect(lisezmoi).toContain(
      'XML_CATALOG_FILES=schemas/catalog.xml xmllint --nonet --noout --schema schemas/seda-2.2-main.xsd seda/bordereau.xml',
    );

    const r = runVerifier(root);
    if (process.env.SHOW_VERIFIER) console.log(r.out);
    expect(r.out).not.toContain('ÉCHEC');
    expect(r.out).toContain('OK      document intact');
    expect(r.out).toContain('OK      la chaîne du journal est continue');
    expect(r.out).toContain('OK      l’empreinte du document figure dans le journal');
    expect(r.out).toMatch(/OK {6}jeton d’horodatage valide pour l’entrée 8 \(.+GMT\)/);
    expect(r.out).toContain('OK      réponse au transfert conforme au schéma SEDA 2.2');
    expect(r.out).toContain('Bilan : toutes les vérifications ont réussi.');
    expect(r.status, r.out).toBe(0);
  });

  // Review (rev2): the journal's dates come from this computer's clock, the token's from the
  // TSA's. A clock 20 min ahead (common on an unsynchronised office PC) made every genuine
  // package fail: « le jeton … est antérieur à la date de capture », « la réponse … est
  // antérieure à la capture ». The token still proves the entry existed at its own date.
  it('a genuine package from a computer whose clock runs 20 min ahead verifies, with a warning', async () => {
    const ahead = await buildInput('clock-ahead', 20 * 60_000);
    try {
      const zip = join(dir, 'clock-ahead.zip');
      await writeEvidencePackage(ahead.input, zip);
      const r = runVerifier(unzip(zip, join(dir, 'clock-ahead-out')));
      expect(r.out).not.toContain('ÉCHEC');
      expect(r.out).toMatch(/ATTENTION la date de capture inscrite au journal est postérieure de 20 min au jeton/);
      expect(r.out).toContain('Bilan : toutes les vérifications ont réussi (1 point(s) d’attention).');
      expect(r.status, r.out).toBe(0);
    } finally {
      ahead.db.close();
    }
  });

  // Review (rev2): identifiers and codes are XSD tokens, whitespace around them is valid and the
  // app trims it when it matches a reply to its transfer; the verifier compared them untrimmed.
  it('a reply whose identifiers and code are padded with whitespace (XSD-valid) verifies', async () => {
    const padded = await buildInput('padded-reply', 0, (xml) =>
      xml
        .replace(/<MessageRequestIdentifier>([^<]+)</, '<MessageRequestIdentifier>\n    $1\n  <')
        .replace(/<ReplyCode>([^<]+)</, '<ReplyCode> $1 <'),
    );
    try {
      const zip = join(dir, 'padded-reply.zip');
      await writeEvidencePackage(padded.input, zip);
      const r = runVerifier(unzip(zip, join(dir, 'padded-reply-out')));
      expect(r.out).toContain('OK      réponse au transfert conforme au schéma SEDA 2.2');
      expect(r.out).toContain(
        'OK      la réponse au transfert répond au bordereau COMMUNE-EXEMPLE-2024-0001 (code OK)',
      );
      expect(r.out).not.toContain('ÉCHEC');
      expect(r.status, r.out).toBe(0);
    } finally {
      padded.db.close();
    }
  });

  it('reports tampering of the document, the journal or the token', async () => {
    const zip = join(dir, 'preuve2.zip');
    await writeEvidencePackage(input, zip);

    const a = unzip(zip, join(dir, 'doc'));
    appendFileSync(join(a, 'document', 'Délibération 2024-001 (œuvre « Cœur »).pdf'), ' ');
    const ra = runVerifier(a);
    expect(ra.status).toBe(1);
    expect(ra.out).toContain('ÉCHEC   le document ne correspond pas à son empreinte');

    const b = unzip(zip, join(dir, 'journal'));
    const entry = join(b, 'journal', 'entrees', '00000003.json');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('doc-2', 'doc-3'));
    const rb = runVerifier(b);
    expect(rb.status).toBe(1);
    expect(rb.out).toContain('ÉCHEC   une entrée du journal a été modifiée');

    const c = unzip(zip, join(dir, 'token'));
    const tsr = join(c, 'horodatage', 'jeton-00000008.tsr');
    const bytes = readFileSync(tsr);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(tsr, bytes);
    const rc = runVerifier(c);
    expect(rc.status).toBe(1);
    expect(rc.out).toContain('ÉCHEC   jeton d’horodatage de l’entrée 8 invalide');
  });

  it('refuses inconsistent input in French', async () => {
    const out = join(dir, 'x.zip');
    await expect(writeEvidencePackage({ ...input, anchorEntry: null }, out)).rejects.toThrow(EvidenceError);
    await expect(writeEvidencePackage({ ...input, anchorEntry: null }, out)).rejects.toThrow(/ancre/);
    const broken = input.journalEntries.map((e, i) => (i === 1 ? { ...e, data: { to: 'altéré' } } : e));
    await expect(writeEvidencePackage({ ...input, journalEntries: broken }, out)).rejects.toThrow(
      /ne correspond plus à son empreinte/,
    );
    await expect(
      writeEvidencePackage({ ...input, timestampTokens: [{ ...input.timestampTokens[0]!, coversSeq: 3 }] }, out),
    ).rejects.toThrow(/n’est pas relié/);
    await expect(
      writeEvidencePackage({ ...input, document: { ...input.document, sha256: 'f'.repeat(64) } }, out),
    ).rejects.toThrow(/coffre|empreinte d’origine/);
  });
});
