// « Attestation de versement »: a tagged, accessible PDF/A-3 (French language, real
// extractable text, XMP identification) that a town hall keeps as proof of a deposit, with
// the bordereau, the archive's reply and the time-stamp token attached.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { isAcceptedReplyCode } from '../seda/reply-codes';
import { frenchDate, frenchDateTime, frenchSize } from './french-format';

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
  timestamp?: {
    genTime: string;
    tsaName: string;
    serial: string;
    /** Only when the policy declares the TSA qualified (eIDAS): « qualifié » has a legal meaning. */
    qualified?: boolean;
    /** Issued by Sceau's demo TSA. */
    demo?: boolean;
  } | null;
  /** The act: nature (label), number, date, classification. */
  act?: { nature?: string | null; number?: string | null; date?: string | null; classification?: string | null };
  /** When Sceau sealed (captured) the act: its journal entry's time. */
  capturedAt?: string | null;
  /** SHA-256 of the archive's reply as received. */
  replySha256?: string | null;
  /** Deposit on the demo archive: « DÉMONSTRATION » across every page. */
  demo?: boolean;
  /** Files embedded in the PDF (PDF/A-3 associated files). */
  attachments?: Array<{ name: string; content: Buffer; type: string; description: string }>;
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

/** The reply code's meaning: the verdict, then what the code says (as@lae / Vitam codes). */
const REPLY_MEANINGS: Record<string, [string, string?]> = {
  '000': ['versement accepté'],
  '001': ['versement accepté avec remarques', 'consulter les commentaires'],
  '002': ['versement accepté avec remarques', 'demande aux autorités de contrôle effectuée'],
  OK: ['versement accepté'],
  WARNING: ['versé avec avertissements'],
  '101': ['versement refusé', 'message mal formé'],
  '200': ['versement refusé', 'service versant inconnu'],
  '300': ['versement refusé', 'accord de versement non valide'],
  KO: ['versement refusé'],
  FATAL: ['versement refusé', 'erreur de l’archive'],
};

function replyLabel(code: string): string {
  const [verdict, detail] = REPLY_MEANINGS[code] ?? ['versement refusé'];
  return `${code} (${verdict})${detail ? ` — ${detail}` : ''}`;
}

const PROVES =
  'Ce que prouve ce document : que les fichiers dont les empreintes figurent ci-dessus ont été scellés par Sceau ' +
  'à la date de capture indiquée, que leur scellement est couvert par le jeton d’horodatage indiqué (il existait au ' +
  'plus tard à cette date), et que le service d’archives a répondu au versement par le code et la cote indiqués ' +
  '(la réponse jointe a l’empreinte indiquée).';
const DOES_NOT_PROVE =
  'Ce qu’il ne prouve pas : l’auteur ni la validité juridique des actes ; que l’archive conserve encore les ' +
  'documents aujourd’hui (interrogez-la avec la cote) ; rien du tout s’il a été modifié : seule fait foi la ' +
  'vérification du paquet de preuve (verifier.sh) avec le certificat publié par l’autorité d’horodatage.';

/** Renders the receipt in memory. */
export async function renderReceipt(data: ReceiptData, options: ReceiptOptions = {}): Promise<Buffer> {
  // pdfkit and its fonts take ~0.1–0.2 s to load: only when a receipt is made (issue 18).
  const { default: PDFDocument } = await import('pdfkit');
  const fonts = options.fontDir ?? DEFAULT_FONT_DIR;
  const title = 'Attestation de versement';
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    // The watermark goes on every page once the text is laid out.
    bufferPages: true,
    info: {
      Title: `${title} — ${data.messageIdentifier}`,
      Subject: `Versement de ${data.commune} à ${data.archive.name}`,
      Author: data.commune,
      Creator: 'Sceau',
      Keywords: data.demo ? 'DÉMONSTRATION' : 'attestation de versement',
    },
  });
  for (const a of data.attachments ?? []) {
    // AFRelationship « Source » (PDF/A-3): the attached XML and token are what the receipt restates.
    const options = { name: a.name, type: a.type, description: a.description, relationship: 'Source' };
    doc.file(a.content, options as PDFKit.Mixins.PDFAttachmentOptions);
  }
  doc.registerFont('mono', join(fonts, 'DejaVuSansMono.ttf'));

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Demo deposits: a watermark on every page, marked as an artifact (not content).
  const watermark = (): void => {
    if (!data.demo) return;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.save();
    doc.rotate(-35, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc.font('bold').fontSize(64).fillColor('#c0392b').fillOpacity(0.18);
    const w = doc.widthOfString('DÉMONSTRATION');
    doc.text('DÉMONSTRATION', (doc.page.width - w) / 2, doc.page.height / 2 - 32, { lineBreak: false });
    doc.restore();
    doc.endMarkedContent();
    doc.fillOpacity(1);
  };
  doc.registerFont('regular', join(fonts, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(fonts, 'DejaVuSans-Bold.ttf'));

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
  if (data.demo)
    paragraph(
      'DÉMONSTRATION — versement sur l’archive de démonstration de Sceau, horodaté par l’autorité de démonstration : ' +
        'cette attestation n’a aucune valeur probante.',
    );
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

  if (data.act) {
    heading('H2', 'Acte');
    facts([
      ['Nature', data.act.nature || '—'],
      ['Numéro', data.act.number || '—'],
      ['Date de l’acte', data.act.date ? frenchDate(data.act.date) : '—'],
      ['Classification', data.act.classification || '—'],
      ...(data.title ? ([['Objet', data.title]] as Array<[string, string]>) : []),
      ['Capturé et scellé le', frenchDateTime(data.capturedAt)],
    ]);
  }

  heading('H2', 'Versement');
  const accepted = data.reply
    ? isAcceptedReplyCode(data.reply.code) || data.reply.code === 'OK' || data.reply.code === 'WARNING'
    : false;
  facts([
    ['Service d’archives', data.archive.name],
    ['Adresse de l’archive', data.archive.url],
    ...(data.title && !data.act ? ([['Objet', data.title]] as Array<[string, string]>) : []),
    ['Identifiant du transfert', data.messageIdentifier],
    ['Cote attribuée par l’archive', data.archiveReference || '—'],
    ['Envoyé le', frenchDateTime(data.sentAt)],
    ['Accusé de réception le', frenchDateTime(data.acknowledgedAt)],
    [accepted || !data.reply ? 'Accepté le' : 'Réponse reçue le', frenchDateTime(data.acceptedAt)],
    ['Code de réponse de l’archive', data.reply ? replyLabel(data.reply.code) : 'pas encore de réponse'],
    ['Commentaire de l’archive', data.reply?.comment?.trim() || '—'],
    data.timestamp
      ? [
          data.timestamp.qualified ? 'Horodatage qualifié (eIDAS)' : 'Horodatage',
          `${frenchDateTime(data.timestamp.genTime)} par ${data.timestamp.tsaName}${data.timestamp.demo ? ' (autorité de démonstration, sans valeur probante)' : ''} (jeton n° ${data.timestamp.serial})`,
        ]
      : [
          'Horodatage',
          'non horodaté : aucune autorité d’horodatage n’a couvert ce versement, sa date n’est prouvée par rien d’extérieur au poste',
        ],
  ]);

  if (data.replySha256) {
    root.add(
      doc.struct('P', {}, () => {
        doc.font('regular').fontSize(9).fillColor('black').text('Empreinte SHA-256 de la réponse de l’archive : ', {
          continued: true,
          width,
        });
        doc.font('mono').fontSize(8.5).text(data.replySha256!);
      }),
    );
    doc.moveDown(0.6);
  }

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

  heading('H2', 'Ce que prouve ce document, et ce qu’il ne prouve pas');
  paragraph(PROVES, 9.5);
  paragraph(DOES_NOT_PROVE, 9.5);
  if (data.attachments?.length)
    paragraph(`Pièces jointes à ce PDF : ${data.attachments.map((a) => a.name).join(', ')}.`, 9);

  heading('H2', 'Vérifier ce versement');
  paragraph(VERIFY_TEXT, 9.5);
  paragraph(`Attestation produite par Sceau le ${frenchDateTime(data.generatedAt ?? new Date().toISOString())}.`, 8.5);

  root.end();
  const pages = doc.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    doc.switchToPage(i);
    watermark();
  }
  doc.flushPages();
  doc.end();
  return done;
}

/** Renders and writes the receipt durably (temp file, fsync, atomic rename). */
export async function writeReceipt(data: ReceiptData, outPath: string, options: ReceiptOptions = {}): Promise<void> {
  writeFileAtomic(outPath, await renderReceipt(data, options));
}
