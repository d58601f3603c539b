// The « attestation de versement » of a real deposit (engine, demo archive, real `openssl ts`
// TSA): every field read back with pdftotext, PDF/A identification and XMP, the bordereau,
// reply and token attached, the DÉMONSTRATION watermark, and a rendering for review.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { renderReceipt } from '../../../main/core/evidence/receipt';
import { openEngine, pdfBytes, tempDir, waitForState, writeFiles } from '../engine/helpers';
import { startTsaServer, type TsaServer } from '../../tools/tsa-server';
import { ROOT } from '../cli/helpers';

const root = tempDir('sceau-receipt-fields-');
let tsa: TsaServer;
let engine: Engine;
let pdf: string;
let flat: string;
let replySha: string;
let reference: string;
let profileId: string;
let documentId: string;

beforeAll(async () => {
  tsa = await startTsaServer({ name: 'Horodatage Mairie' });
  engine = await openEngine(path.join(root, 'data'));
  await engine.handlers.updateSettings({ tsaUrl: tsa.url, tsaCertPem: tsa.caPem });
  await engine.start();
  const profile = await engine.handlers.createProfile({
    profile: { name: 'Commune de Plouguerneau', siren: '212901956', archiveKind: 'demo' },
  });
  // About 1.5 ko: the size is shown in French units.
  const [file] = writeFiles(path.join(root, 'in'), {
    'DE_2024_045_vote du budget primitif.pdf': pdfBytes(`Budget primitif ${'x'.repeat(900)}`),
  });
  const id = (await engine.handlers.intakePaths({ profileId: profile.id, paths: [file!] })).documentIds[0]!;
  profileId = profile.id;
  documentId = id;
  const doc = await engine.handlers.getDocument({ id });
  await engine.handlers.updateMetadata({
    id,
    metadata: { ...doc.metadata, objet: 'Vote du budget primitif 2024', date: '2024-03-12', classification: '7.1' },
  });
  await engine.handlers.depositNow({ ids: [id] });
  const accepted = await waitForState(engine, id, ['accepted', 'rejected', 'failed'], 60_000);
  expect(accepted.state).toBe('accepted');
  reference = accepted.transfer!.archiveReference!;
  const transfer = engine.parts.transfers.get(accepted.transfer!.id)!;
  replySha = createHash('sha256').update(transfer.replyXml!).digest('hex');
  const ref = await engine.handlers.exportReceipt({ documentId: id });
  pdf = path.join(root, 'attestation.pdf');
  execFileSync('cp', [engine.resolveExport(ref.exportId)!.path, pdf]);
  if (process.env.SHOW_RECEIPT)
    console.log(
      execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', engine.resolveExport(ref.exportId)!.path, '-'], {
        encoding: 'utf8',
      }),
    );
  flat = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await tsa?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('attestation de versement', () => {
  it('states every field in words', () => {
    for (const expected of [
      'Attestation de versement',
      'Nature Délibérations (DE)',
      'Numéro 2024_045',
      'Date de l’acte 12 mars 2024',
      'Classification 7.1',
      'Objet Vote du budget primitif 2024',
      'Capturé et scellé le',
      'Cote attribuée par l’archive',
      reference,
      'Code de réponse de l’archive 000 (versement accepté)',
      `Empreinte SHA-256 de la réponse de l’archive : ${replySha}`,
      'Horodatage',
      'CN=Horodatage Mairie Horodatage de test',
      'Ce que prouve ce document',
      'Ce qu’il ne prouve pas',
      'DÉMONSTRATION',
      'Pièces jointes à ce PDF : bordereau.xml, accuse-reception.xml, reponse-transfert.xml, jeton-',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).toMatch(/Capturé et scellé le \d{1,2} \S+ \d{4} à \d{2}:\d{2}:\d{2}/);
    expect(flat).toMatch(/Taille : 1,\d ko \(1[ \u00a0\u202f]\d{3} octets\)/);
    expect(flat).not.toMatch(/Kio|qualifiant|qualifié \(eIDAS\)|autorité de démonstration,/);
  });

  it('is a tagged PDF/A-3 with XMP identification and the messages and token attached', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    const xmp = execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    const list = execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' });
    for (const name of ['bordereau.xml', 'accuse-reception.xml', 'reponse-transfert.xml']) expect(list).toContain(name);
    expect(list).toMatch(/jeton-\d+\.tsr/);
    // The attached reply is byte for byte the one whose hash the receipt prints.
    const out = path.join(root, 'detached');
    mkdirSync(out);
    execFileSync('pdfdetach', ['-saveall', '-o', out, pdf]);
    expect(
      createHash('sha256')
        .update(readFileSync(path.join(out, 'reponse-transfert.xml')))
        .digest('hex'),
    ).toBe(replySha);
    const token = readdirSync(out).find((f) => f.endsWith('.tsr'))!;
    const text = execFileSync(
      'openssl',
      ['ts', '-reply', '-in', path.join(out, token), '-token_in', '-token_out', '-text'],
      {
        encoding: 'utf8',
      },
    );
    expect(text).toContain('Horodatage Mairie');
  });

  it('is rendered for review (test/e2e/screenshots/attestation-versement.png)', () => {
    const dir = path.join(ROOT, 'test', 'e2e', 'screenshots');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      path.join(dir, 'attestation-versement'),
    ]);
    expect(readFileSync(path.join(dir, 'attestation-versement.png')).length).toBeGreaterThan(20_000);
  });

  it('says « qualifié » only when the policy declares the TSA qualified, and « non horodaté » without a token', async () => {
    const base = {
      commune: 'Commune de Plouguerneau',
      siren: '212901956',
      serviceVersant: 'FR_X',
      archive: { name: 'Archive', url: 'https://sae.exemple.fr' },
      messageIdentifier: 'SCEAU_1',
      sentAt: '2024-03-12T13:05:09Z',
      documents: [{ name: 'a.pdf', sizeBytes: 2_500_000, sha256: 'a'.repeat(64) }],
    };
    const text = async (d: Parameters<typeof renderReceipt>[0]): Promise<string> => {
      const file = path.join(root, `r-${Math.random()}.pdf`);
      execFileSync('tee', [file], { input: await renderReceipt(d) });
      return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const stamp = { genTime: '2024-03-12T13:05:10Z', tsaName: 'CN=TSA', serial: '2a' };
    expect(await text({ ...base, timestamp: { ...stamp, qualified: true } })).toContain('Horodatage qualifié (eIDAS)');
    const plain = await text({ ...base, timestamp: stamp });
    expect(plain).not.toContain('qualifié');
    expect(plain).toContain('2,5 Mo');
    expect(plain).not.toContain('DÉMONSTRATION');
    expect(await text({ ...base, timestamp: null })).toContain('Horodatage non horodaté');
  });

  // Last: it moves the commune to a real archive.
  it('a commune that left the demonstration archive: its earlier deposit still says « démonstration »', async () => {
    await engine.handlers.updateProfile({
      id: profileId,
      profile: { archiveKind: 'asalae', endpoints: [{ url: 'https://sae.exemple.fr/' }] },
    });
    const ref = await engine.handlers.exportReceipt({ documentId });
    const again = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', engine.resolveExport(ref.exportId)!.path, '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    expect(again).toContain('DÉMONSTRATION');
    expect(again).not.toContain('sae.exemple.fr');
    expect((await engine.handlers.getDocument({ id: documentId })).transfer?.archiveKind).toBe('demo');
  });
});
