import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { identifyFormat } from '../../../main/core/seda';
import { docSample, jpegSample, pngSample } from '../../tools/format-samples';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-fmt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: Buffer | string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

async function zip(name: string, entries: Array<[string, string, boolean?]>): Promise<string> {
  const z = new yazl.ZipFile();
  for (const [n, c, stored] of entries) z.addBuffer(Buffer.from(c), n, { compress: !stored });
  const p = path.join(tmp, name);
  const out = createWriteStream(p);
  z.outputStream.pipe(out);
  z.end();
  await finished(out);
  return p;
}

describe('identifyFormat (content, not extension)', () => {
  test.each<[string, Buffer | string, string, string | undefined]>([
    ['a.pdf', '%PDF-1.4\n%âãÏÓ\n', 'application/pdf', 'fmt/18'],
    ['a.pdf', '%PDF-1.7\n', 'application/pdf', 'fmt/276'],
    [
      'pdfa.pdf',
      '%PDF-1.4\n<x:xmpmeta><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="1" pdfaid:conformance="B"/></x:xmpmeta>\n%%EOF\n',
      'application/pdf',
      'fmt/354',
    ],
    [
      'pdfa2.pdf',
      '%PDF-1.7\n<rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n%%EOF\n',
      'application/pdf',
      'fmt/477',
    ],
    ['mal nommé.txt', '%PDF-1.5\n', 'application/pdf', 'fmt/19'],
    ['a.xml', '<?xml version="1.0" encoding="UTF-8"?><a/>', 'text/xml', 'fmt/101'],
    // Whole images now (PRONOM's signatures read the IHDR/iTXt chunks, the JFIF version, the end).
    ['a.png', pngSample(true), 'image/png', 'fmt/13'],
    ['a.jpg', jpegSample('jfif-1.01'), 'image/jpeg', 'fmt/43'],
    ['a.tif', Buffer.from('II*\u0000\u0008\u0000\u0000\u0000', 'latin1'), 'image/tiff', 'fmt/353'],
    // A compound file with its WordDocument and CompObj streams (PRONOM's container signature).
    ['a.doc', docSample(), 'application/msword', 'fmt/40'],
    [
      'a.p7s',
      Buffer.from([0x30, 0x82, 0x05, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0]),
      'application/pkcs7-signature',
      // PRONOM's PKCS #7 is fmt/670 (x-fmt/342, the old hand table's value, is FoxPro Memo).
      'fmt/670',
    ],
    ['a.txt', 'Compte rendu du conseil municipal, séance du 12 mars.\n', 'text/plain', 'x-fmt/111'],
    ['a.bin', Buffer.from([0, 1, 2, 3, 0xfe, 0xff, 0, 0]), 'application/octet-stream', undefined],
  ])('%s', async (name, content, mime, puid) => {
    const f = await identifyFormat(file(name, content));
    expect(f.mimeType).toBe(mime);
    expect(f.formatId).toBe(puid);
    expect(f.formatName.length).toBeGreaterThan(2);
  });

  test('ZIP containers: ODF, OOXML, plain zip (central directory)', async () => {
    const odt = await zip('a.odt', [
      ['mimetype', 'application/vnd.oasis.opendocument.text', true],
      ['content.xml', '<a/>'],
    ]);
    expect((await identifyFormat(odt)).formatId).toBe('fmt/290');
    const ods = await zip('a.ods', [
      ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet', true],
      ['content.xml', '<a/>'],
    ]);
    expect((await identifyFormat(ods)).formatId).toBe('fmt/294');
    // [Content_Types].xml names the main part's type, as every OOXML package does.
    const types = (t: string) =>
      `<Types><Override PartName="/main.xml" ContentType="application/vnd.openxmlformats-officedocument.${t}.main+xml"/></Types>`;
    const docx = await zip('a.docx', [
      ['[Content_Types].xml', types('wordprocessingml.document')],
      ['word/document.xml', '<w/>'],
    ]);
    expect(await identifyFormat(docx)).toMatchObject({
      formatId: 'fmt/412',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const xlsx = await zip('a.xlsx', [
      ['[Content_Types].xml', types('spreadsheetml.sheet')],
      ['xl/workbook.xml', '<w/>'],
    ]);
    expect((await identifyFormat(xlsx)).formatId).toBe('fmt/214');
    const plain = await zip('a.zip', [['x.txt', 'x']]);
    expect(await identifyFormat(plain)).toMatchObject({ mimeType: 'application/zip', formatId: 'x-fmt/263' });
  });

  test('a real PDF made by pdfkit-free tooling is still a PDF', async () => {
    // Not relying on extension: a PDF renamed .dat.
    const r = spawnSync('sh', ['-c', `printf '%%PDF-1.6\\n1 0 obj' > ${path.join(tmp, 'x.dat')}`]);
    expect(r.status).toBe(0);
    expect((await identifyFormat(path.join(tmp, 'x.dat'))).formatId).toBe('fmt/20');
  });
});
