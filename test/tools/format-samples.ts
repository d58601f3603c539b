// Small but well-formed files of the formats town halls produce, built byte by byte (or by
// openssl for the CMS signature), for the PRONOM identification tests and benchmark: PDF
// 1.x/2.0 and PDF/A, ODF and OOXML packages, OLE2 compound files (Word, Excel, Outlook),
// JPEG, PNG, TIFF, XML, CSV, text, ZIP, e-mail, CMS signature.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

// ── PDF ───────────────────────────────────────────────────────────────────────────────

function xmp(part: number, conformance: string): string {
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>${part}</pdfaid:part>
   <pdfaid:conformance>${conformance}</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Délibération</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** A one-page PDF of the given version; with `pdfa`, its XMP declares PDF/A part+level. */
export function pdfSample(version: string, pdfa?: { part: number; conformance: string }, text = 'Acte'): Buffer {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${pdfa ? ' /Metadata 5 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const content = `BT /F1 12 Tf 72 770 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  if (pdfa) {
    const meta = Buffer.from(xmp(pdfa.part, pdfa.conformance), 'utf8');
    objects.push(
      `<< /Type /Metadata /Subtype /XML /Length ${meta.length} >>\nstream\n${meta.toString('latin1')}\nendstream`,
    );
  }
  let body = `%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// ── ZIP packages ──────────────────────────────────────────────────────────────────────

/** A ZIP written by hand: stored or deflated entries, in order, with a central directory. */
export function zipSample(entries: Array<{ name: string; data: Buffer | string; store?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.data);
    const packed = e.store ? raw : deflateSync(raw, { level: 6 }).subarray(2, -4);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.store ? 0 : 8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const ODF_MIME = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** An ODF package as LibreOffice writes it (mimetype stored first, manifest, content). */
export function odfSample(kind: keyof typeof ODF_MIME, version: '1.2' | '1.3'): Buffer {
  const mime = ODF_MIME[kind];
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="${version}">
 <manifest:file-entry manifest:full-path="/" manifest:version="${version}" manifest:media-type="${mime}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="${version}"><office:body/></office:document-content>`;
  return zipSample([
    { name: 'mimetype', data: mime, store: true },
    { name: 'content.xml', data: content },
    { name: 'META-INF/manifest.xml', data: manifest },
  ]);
}

const OOXML = {
  docx: ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'],
  xlsx: ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
  pptx: ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml'],
} as const;

/** An Office Open XML package: [Content_Types].xml naming the main part, and that part. */
export function ooxmlSample(kind: keyof typeof OOXML): Buffer {
  const [part, type] = OOXML[kind];
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${type}"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`;
  return zipSample([
    { name: '[Content_Types].xml', data: types },
    { name: '_rels/.rels', data: rels },
    { name: part, data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><root/>' },
  ]);
}

// ── OLE2 compound files ───────────────────────────────────────────────────────────────

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;

/**
 * A version 3 compound file (512-byte sectors). Streams are padded to 4 KiB so they live
 * in regular sectors; `storages` are empty storages (e.g. Outlook's __nameid_version1.0).
 */
export function cfbSample(streams: Array<[string, Buffer]>, storages: string[] = []): Buffer {
  const S = 512;
  const entries = [
    ...streams.map(([name, data]) => ({
      name,
      type: 2,
      data: Buffer.concat([data, Buffer.alloc(Math.max(0, 4096 - data.length))]),
    })),
    ...storages.map((name) => ({ name, type: 1, data: Buffer.alloc(0) })),
  ];
  const dirSectors = Math.ceil((entries.length + 1) / 4);
  const fat: number[] = [FAT_SECTOR];
  const dirStart = fat.length;
  for (let i = 0; i < dirSectors; i++) fat.push(i === dirSectors - 1 ? END : fat.length + 1);
  const starts: number[] = [];
  for (const e of entries) {
    const n = Math.ceil(e.data.length / S);
    starts.push(n ? fat.length : END);
    for (let i = 0; i < n; i++) fat.push(i === n - 1 ? END : fat.length + 1);
  }
  if (fat.length > S / 4) throw new Error('cfbSample: too large for one FAT sector');
  const header = Buffer.alloc(S);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44);
  header.writeUInt32LE(dirStart, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(END, 60);
  header.writeUInt32LE(END, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 76 + i * 4);
  const fatSector = Buffer.alloc(S, 0xff);
  fat.forEach((v, i) => fatSector.writeUInt32LE(v, i * 4));
  const dir = Buffer.alloc(dirSectors * S);
  const writeEntry = (
    i: number,
    name: string,
    type: number,
    right: number,
    child: number,
    start: number,
    size: number,
  ) => {
    const p = i * 128;
    const n = Buffer.from(`${name}\u0000`, 'utf16le');
    n.copy(dir, p, 0, Math.min(64, n.length));
    dir.writeUInt16LE(Math.min(64, n.length), p + 64);
    dir[p + 66] = type;
    dir[p + 67] = 1;
    dir.writeUInt32LE(FREE, p + 68);
    dir.writeUInt32LE(right, p + 72);
    dir.writeUInt32LE(child, p + 76);
    dir.writeUInt32LE(start, p + 116);
    dir.writeUInt32LE(size, p + 120);
  };
  writeEntry(0, 'Root Entry', 5, FREE, entries.length ? 1 : FREE, END, 0);
  entries.forEach((e, i) =>
    writeEntry(
      i + 1,
      e.name,
      e.type,
      i + 1 < entries.length ? i + 2 : FREE,
      FREE,
      e.type === 2 ? starts[i]! : 0,
      e.data.length,
    ),
  );
  for (let i = entries.length + 1; i < dirSectors * 4; i++) {
    dir.writeUInt32LE(FREE, i * 128 + 68);
    dir.writeUInt32LE(FREE, i * 128 + 72);
    dir.writeUInt32LE(FREE, i * 128 + 76);
  }
  const data = entries.map((e) => Buffer.concat([e.data, Buffer.alloc((S - (e.data.length % S)) % S)]));
  return Buffer.concat([header, fatSector, dir, ...data]);
}

function compObj(progId: string): Buffer {
  // CompObj stream: header, CLSID, then length-prefixed user type and the ProgID.
  const head = Buffer.alloc(28);
  head.writeUInt32LE(0xfffe0001, 0);
  const userType = Buffer.from('Microsoft Word 97-2003 Document\u0000', 'latin1');
  const len = (b: Buffer) => {
    const l = Buffer.alloc(4);
    l.writeUInt32LE(b.length, 0);
    return l;
  };
  const clipboard = Buffer.from('MSWordDoc\u0000', 'latin1');
  const prog = Buffer.from(`${progId}\u0000`, 'latin1');
  return Buffer.concat([head, len(userType), userType, len(clipboard), clipboard, len(prog), prog]);
}

export function docSample(): Buffer {
  const word = Buffer.alloc(1024);
  word.writeUInt16LE(0xa5ec, 0); // FIB magic
  word.writeUInt16LE(0x00c1, 2); // Word 97
  return cfbSample([
    ['WordDocument', word],
    ['\u0001CompObj', compObj('Word.Document.8')],
    ['1Table', Buffer.alloc(512)],
  ]);
}

export function xlsSample(): Buffer {
  // BIFF8 BOF record: type 0x0809, length 16, version 0x0600, workbook globals 0x0005.
  const bof = Buffer.from('0908100000060500bb0dcc07c1000000', 'hex');
  return cfbSample([['Workbook', Buffer.concat([bof, Buffer.alloc(256)])]]);
}

export function msgSample(): Buffer {
  return cfbSample(
    [
      ['__properties_version1.0', Buffer.alloc(32)],
      ['__substg1.0_001A001F', Buffer.from('IPM.Note', 'utf16le')],
    ],
    ['__nameid_version1.0', '__recip_version1.0_#00000000'],
  );
}

// ── Images ────────────────────────────────────────────────────────────────────────────

export function jpegSample(variant: 'jfif-1.01' | 'jfif-1.02' | 'exif'): Buffer {
  const scan = Buffer.from(
    'ffdb004300' + '10'.repeat(64) + 'ffc0000b080008000801011100ffda0008010100003f00d2cf20ffd9',
    'hex',
  );
  if (variant === 'exif') {
    // APP1 Exif, big-endian TIFF, one IFD entry: ExifVersion (0x9000, UNDEFINED, 4) "0221".
    const tiff = Buffer.from(
      '4d4d002a00000008' + '0001' + '9000' + '0007' + '00000004' + '30323231' + '00000000',
      'hex',
    );
    const app1 = Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), tiff]);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(app1.length + 2, 0);
    return Buffer.concat([Buffer.from('ffd8ffe1', 'hex'), len, app1, scan]);
  }
  const minor = variant === 'jfif-1.01' ? '01' : '02';
  return Buffer.concat([Buffer.from(`ffd8ffe000104a4649460001${minor}00000100010000`, 'hex'), scan]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([len, body, crc]);
}

/** An 8×8 grey PNG; `text` adds an iTXt chunk (a PNG 1.2 feature). */
export function pngSample(text = false): Buffer {
  const ihdr = Buffer.from('0000000800000008080000000000', 'hex').subarray(0, 13);
  const rows = Buffer.alloc(8 * 9, 0x80);
  for (let r = 0; r < 8; r++) rows[r * 9] = 0;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', ihdr),
    ...(text
      ? [pngChunk('iTXt', Buffer.from('Title\u0000\u0000\u0000fr\u0000Titre\u0000Plan cadastral', 'utf8'))]
      : []),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function tiffSample(order: 'II' | 'MM'): Buffer {
  const le = order === 'II';
  const b = Buffer.alloc(8 + 2 + 12 * 3 + 4 + 64);
  b.write(order, 0, 'latin1');
  const u16 = (v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(3, 8);
  const tags: Array<[number, number]> = [
    [256, 8],
    [257, 8],
    [262, 1],
  ];
  tags.forEach(([tag, value], i) => {
    const at = 10 + i * 12;
    u16(tag, at);
    u16(3, at + 2);
    u32(1, at + 4);
    u16(value, at + 8);
  });
  return b;
}

// ── Text, mail, signature ─────────────────────────────────────────────────────────────

export const xmlSample = (): Buffer =>
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<registre commune="Plouzané"><acte numero="2024-12"/></registre>\n',
  );
export const csvSample = (): Buffer =>
  Buffer.from('numero;date;objet\n2024-12;2024-03-12;Vote du budget primitif\n2024-13;2024-03-12;Tarifs cantine\n');
export const txtSample = (): Buffer =>
  Buffer.from('Compte rendu du conseil municipal, séance du 12 mars 2024.\nPrésents : 15. Absents : 2.\n');

export function emlSample(): Buffer {
  return Buffer.from(
    [
      'From: Mairie de Plouzané <mairie@plouzane.example>',
      'To: Préfecture <actes@prefecture.example>',
      'Date: Tue, 12 Mar 2024 10:00:00 +0100',
      'Subject: =?UTF-8?Q?D=C3=A9lib=C3=A9ration?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Veuillez trouver ci-joint la délibération.',
      '',
    ].join('\r\n'),
  );
}

/** A detached CMS (PKCS #7) signature in DER, made by openssl with a throw-away key. */
export function p7sSample(content = 'acte signé'): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'sceau-p7s-'));
  try {
    const key = path.join(dir, 'k.pem');
    const cert = path.join(dir, 'c.pem');
    const data = path.join(dir, 'data.txt');
    const out = path.join(dir, 'sig.p7s');
    writeFileSync(data, content);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=Maire de Plouzane',
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      ['cms', '-sign', '-binary', '-in', data, '-signer', cert, '-inkey', key, '-outform', 'DER', '-out', out],
      { stdio: 'ignore' },
    );
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Sample {
  name: string;
  data: Buffer;
  puid: string;
  mime: string;
}

/** The corpus: every file with the PUID PRONOM assigns it (docs/formats-pronom.md lists them). */
export function pronomCorpus(): Sample[] {
  const pdf = 'application/pdf';
  return [
    { name: 'deliberation-pdf-1.3.pdf', data: pdfSample('1.3'), puid: 'fmt/17', mime: pdf },
    { name: 'deliberation-pdf-1.4.pdf', data: pdfSample('1.4'), puid: 'fmt/18', mime: pdf },
    { name: 'deliberation-pdf-1.5.pdf', data: pdfSample('1.5'), puid: 'fmt/19', mime: pdf },
    { name: 'deliberation-pdf-1.6.pdf', data: pdfSample('1.6'), puid: 'fmt/20', mime: pdf },
    { name: 'deliberation-pdf-1.7.pdf', data: pdfSample('1.7'), puid: 'fmt/276', mime: pdf },
    { name: 'deliberation-pdf-2.0.pdf', data: pdfSample('2.0'), puid: 'fmt/1129', mime: pdf },
    { name: 'arrete-pdfa-1b.pdf', data: pdfSample('1.4', { part: 1, conformance: 'B' }), puid: 'fmt/354', mime: pdf },
    { name: 'arrete-pdfa-1a.pdf', data: pdfSample('1.4', { part: 1, conformance: 'A' }), puid: 'fmt/95', mime: pdf },
    { name: 'arrete-pdfa-2b.pdf', data: pdfSample('1.7', { part: 2, conformance: 'B' }), puid: 'fmt/477', mime: pdf },
    { name: 'arrete-pdfa-2u.pdf', data: pdfSample('1.7', { part: 2, conformance: 'U' }), puid: 'fmt/478', mime: pdf },
    { name: 'arrete-pdfa-3b.pdf', data: pdfSample('1.7', { part: 3, conformance: 'B' }), puid: 'fmt/480', mime: pdf },
    { name: 'arrete-pdfa-3u.pdf', data: pdfSample('1.7', { part: 3, conformance: 'U' }), puid: 'fmt/481', mime: pdf },
    { name: 'rapport.odt', data: odfSample('odt', '1.2'), puid: 'fmt/291', mime: ODF_MIME.odt },
    { name: 'rapport-odf13.odt', data: odfSample('odt', '1.3'), puid: 'fmt/1756', mime: ODF_MIME.odt },
    { name: 'budget.ods', data: odfSample('ods', '1.2'), puid: 'fmt/295', mime: ODF_MIME.ods },
    { name: 'budget-odf13.ods', data: odfSample('ods', '1.3'), puid: 'fmt/1755', mime: ODF_MIME.ods },
    { name: 'presentation.odp', data: odfSample('odp', '1.2'), puid: 'fmt/293', mime: ODF_MIME.odp },
    {
      name: 'convention.docx',
      data: ooxmlSample('docx'),
      puid: 'fmt/412',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
    {
      name: 'tableau.xlsx',
      data: ooxmlSample('xlsx'),
      puid: 'fmt/214',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    {
      name: 'diaporama.pptx',
      data: ooxmlSample('pptx'),
      puid: 'fmt/215',
      mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
    { name: 'ancien-courrier.doc', data: docSample(), puid: 'fmt/40', mime: 'application/msword' },
    { name: 'ancien-tableau.xls', data: xlsSample(), puid: 'fmt/61', mime: 'application/vnd.ms-excel' },
    { name: 'photo-jfif-1.01.jpg', data: jpegSample('jfif-1.01'), puid: 'fmt/43', mime: 'image/jpeg' },
    { name: 'photo-jfif-1.02.jpg', data: jpegSample('jfif-1.02'), puid: 'fmt/44', mime: 'image/jpeg' },
    { name: 'photo-exif.jpg', data: jpegSample('exif'), puid: 'fmt/645', mime: 'image/jpeg' },
    { name: 'plan.png', data: pngSample(), puid: 'fmt/11', mime: 'image/png' },
    { name: 'plan-itxt.png', data: pngSample(true), puid: 'fmt/13', mime: 'image/png' },
    { name: 'scan-intel.tif', data: tiffSample('II'), puid: 'fmt/353', mime: 'image/tiff' },
    { name: 'scan-motorola.tif', data: tiffSample('MM'), puid: 'fmt/353', mime: 'image/tiff' },
    { name: 'registre.xml', data: xmlSample(), puid: 'fmt/101', mime: 'text/xml' },
    { name: 'liste-actes.csv', data: csvSample(), puid: 'x-fmt/18', mime: 'text/csv' },
    { name: 'compte-rendu.txt', data: txtSample(), puid: 'x-fmt/111', mime: 'text/plain' },
    {
      name: 'pieces-jointes.zip',
      data: zipSample([
        { name: 'a.txt', data: 'annexe' },
        { name: 'b.txt', data: 'annexe 2' },
      ]),
      puid: 'x-fmt/263',
      mime: 'application/zip',
    },
    { name: 'courriel.eml', data: emlSample(), puid: 'fmt/950', mime: 'message/rfc822' },
    { name: 'courriel-outlook.msg', data: msgSample(), puid: 'x-fmt/430', mime: 'application/vnd.ms-outlook' },
    { name: 'signature.p7s', data: p7sSample(), puid: 'fmt/670', mime: 'application/pkcs7-signature' },
  ];
}
