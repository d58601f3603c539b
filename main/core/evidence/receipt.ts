// « Attestation de versement »: a tagged, accessible PDF (PDF/UA-style structure, French
// language, real extractable text) that a town hall keeps as proof of a deposit.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { writeFileAtomic } from './atomic-write';
import { frenchDateTime, frenchSize } from './french-format';

export interface ReceiptDocument {
  name: string;
  sizeBytes: number;
  /** lowercase hex */
  sha256: string;
}

export interface ReceiptData {
  commune: string;
  siren: string;
  serviceVersant: string;
  archive: { name: string; url: string };
  /** Our SEDA MessageIdentifier. */
  messageIdentifier: string;
  /** The archive's reference (« cote »), when it gave one. */
  archiveReference?: string | null;
  /** Title of the deposit (act object), optional. */
  title?: string | null;
  /** ISO 8601 dates */
  sentAt: string;
  acknowledgedAt?: string | null;
  acceptedAt?: string | null;
  reply?: { code: string; comment?: string | null } | null;
  documents: ReceiptDocument[];
  /** RFC 3161 time-stamp covering the journal entries of this deposit, if any. */
  timestamp?: { genTime: string; tsaName: string; serial: string } | null;
  /** Defaults to now. */
  generatedAt?: string;
}

export interface ReceiptOptions {
  /** Folder holding DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSansMono.ttf. */
  fontDir?: string;
}

const DEFAULT_FONT_DIR = fileURLToPath(new URL('../../../assets/fonts/', import.meta.url));
const MARGIN = 56;

const VERIFY_TEXT =
  'Comment vérifier : chaque document est identifié par son empreinte SHA-256, une suite de 64 caractères ' +
  'calculée à partir de son contenu exact. Si un seul octet du fichier change, l’empreinte change entièrement. ' +
  'Pour vérifier un fichier, calculez son empreinte (sous Windows : « certutil -hashfile fichier SHA256 » ; ' +
  'sous Linux ou macOS : « sha256sum fichier ») et comparez-la à celle indiquée ci-dessus. ' +
  'Le paquet de preuve exporté depuis Sceau pour chaque document contient en outre le journal, ' +
  'le jeton d’horodatage et les messages de l’archive, avec la marche à suivre détaillée.';

function replyLabel(code: string): string {
  if (code === '000' || code === 'OK') return `${code} (versement accepté)`;
  if (code === 'WARNING') return `${code} (versé avec avertissements)`;
  return `${code} (versement refusé)`;
}

/** Renders the receipt in memory. */
export function renderReceipt(data: ReceiptData, options: ReceiptOptions = {}): Promise<Buffer> {
  const fonts = options.fontDir ?? DEFAULT_FONT_DIR;
  const title = 'Attestation de versement';
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `${title} — ${data.messageIdentifier}`,
      Subject: `Versement de ${data.commune} à ${data.archive.name}`,
      Author: data.commune,
      Creator: 'Sceau',
    },
  });
  doc.registerFont('regular', join(fonts, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(fonts, 'DejaVuSans-Bold.ttf'));
  doc.registerFont('mono', join(fonts, 'DejaVuSansMono.ttf'));

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 2 * MARGIN;

  const heading = (tag: 'H1' | 'H2', text: string): void => {
    root.add(
      doc.struct(tag, {}, () => {
        doc
          .font('bold')
          .fontSize(tag === 'H1' ? 20 : 13)
          .fillColor('#1f3b5c')
          .text(text, { width });
      }),
    );
    doc.moveDown(tag === 'H1' ? 0.6 : 0.3);
  };
  const paragraph = (text: string, size = 10): void => {
    root.add(
      doc.struct('P', {}, () => {
        doc.font('regular').fontSize(size).fillColor('black').text(text, { width });
      }),
    );
    doc.moveDown(0.4);
  };
  // Label / value pairs as a two-column table (TH header cell, TD value) for screen readers.
  const facts = (rows: Array<[string, string]>): void => {
    const table = doc.struct('Table');
    root.add(table);
    const labelWidth = 185;
    for (const [label, value] of rows) {
      const y = doc.y;
      const tr = doc.struct('TR');
      table.add(tr);
      tr.add(
        doc.struct('TH', {}, () =>
          doc
            .font('bold')
            .fontSize(10)
            .fillColor('#333333')
            .text(label, MARGIN, y, { width: labelWidth - 8 }),
        ),
      );
      const afterLabel = doc.y;
      tr.add(
        doc.struct('TD', {}, () =>
          doc
            .font('regular')
            .fontSize(10)
            .fillColor('black')
            .text(value, MARGIN + labelWidth, y, { width: width - labelWidth }),
        ),
      );
      tr.end();
      doc.y = Math.max(doc.y, afterLabel) + 3;
    }
    table.end();
    doc.x = MARGIN;
    doc.moveDown(0.6);
  };

  heading('H1', title);
  paragraph(
    `${data.commune} atteste avoir versé les documents ci-dessous à ${data.archive.name}. ` +
      'Cette attestation reprend les informations renvoyées par le service d’archives.',
  );

  heading('H2', 'Collectivité');
  facts([
    ['Collectivité', data.commune],
    ['SIREN', data.siren],
    ['Service versant', data.serviceVersant],
  ]);

  heading('H2', 'Versement');
  const accepted = data.reply
    ? data.reply.code === '000' || data.reply.code === 'OK' || data.reply.code === 'WARNING'
    : false;
  facts([
    ['Service d’archives', data.archive.name],
    ['Adresse de l’archive', data.archive.url],
    ...(data.title ? ([['Objet', data.title]] as Array<[string, string]>) : []),
    ['Identifiant du transfert', data.messageIdentifier],
    ['Cote attribuée par l’archive', data.archiveReference || '—'],
    ['Envoyé le', frenchDateTime(data.sentAt)],
    ['Accusé de réception le', frenchDateTime(data.acknowledgedAt)],
    [accepted || !data.reply ? 'Accepté le' : 'Réponse reçue le', frenchDateTime(data.acceptedAt)],
    ['Code de réponse de l’archive', data.reply ? replyLabel(data.reply.code) : 'pas encore de réponse'],
    ['Commentaire de l’archive', data.reply?.comment?.trim() || '—'],
    ...(data.timestamp
      ? ([
          [
            'Horodatage qualifiant',
            `${frenchDateTime(data.timestamp.genTime)} par ${data.timestamp.tsaName} (jeton n° ${data.timestamp.serial})`,
          ],
        ] as Array<[string, string]>)
      : []),
  ]);

  heading('H2', `Documents versés (${data.documents.length})`);
  const list = doc.struct('L');
  root.add(list);
  data.documents.forEach((d, i) => {
    if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
    const li = doc.struct('LI');
    list.add(li);
    li.add(
      doc.struct('Lbl', {}, () =>
        doc
          .font('bold')
          .fontSize(10)
          .fillColor('black')
          .text(`${i + 1}.`, MARGIN, doc.y, { width: 20, continued: false }),
      ),
    );
    doc.moveUp();
    const body = doc.struct('LBody');
    li.add(body);
    body.add(
      doc.struct('P', {}, () =>
        doc
          .font('bold')
          .fontSize(10)
          .text(d.name, MARGIN + 20, doc.y, { width: width - 20 }),
      ),
    );
    body.add(
      doc.struct('P', {}, () =>
        doc
          .font('regular')
          .fontSize(9)
          .fillColor('#333333')
          .text(`Taille : ${frenchSize(d.sizeBytes)}`, { width: width - 20 }),
      ),
    );
    body.add(
      doc.struct('P', {}, () => {
        doc
          .font('regular')
          .fontSize(9)
          .text('Empreinte SHA-256 : ', { continued: true, width: width - 20 });
        doc.font('mono').fontSize(8.5).fillColor('black').text(d.sha256);
      }),
    );
    body.end();
    li.end();
    doc.x = MARGIN;
    doc.moveDown(0.5);
  });
  list.end();

  heading('H2', 'Vérifier ce versement');
  paragraph(VERIFY_TEXT, 9.5);
  paragraph(`Attestation produite par Sceau le ${frenchDateTime(data.generatedAt ?? new Date().toISOString())}.`, 8.5);

  root.end();
  doc.end();
  return done;
}

/** Renders and writes the receipt durably (temp file, fsync, atomic rename). */
export async function writeReceipt(data: ReceiptData, outPath: string, options: ReceiptOptions = {}): Promise<void> {
  writeFileAtomic(outPath, await renderReceipt(data, options));
}
