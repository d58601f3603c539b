// PRONOM identification on files of the formats town halls produce: each gets the PUID
// The National Archives assigns (DROID signature file v118 and container signatures), read
// from the head and tail of the file only (plus a container's directory and named entries).
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { identifyFormat } from '../../../main/core/seda/format';
import { pdfSample, pronomCorpus } from '../../tools/format-samples';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'sceau-pronom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PRONOM identification (DROID signatures + container signatures)', () => {
  const corpus = pronomCorpus();

  it('covers at least 30 files: PDF 1.3–2.0, PDF/A-1/2/3, ODF, OOXML, DOC/XLS, JPEG, PNG, TIFF, XML, CSV, TXT, ZIP, EML, MSG, P7S', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(corpus.find((s) => s.name === 'arrete-pdfa-3u.pdf')?.puid).toBe('fmt/481');
  });

  it.each(corpus.map((s) => [s.name, s] as const))('%s', async (name, sample) => {
    const p = path.join(dir, name);
    writeFileSync(p, sample.data);
    const f = await identifyFormat(p);
    expect({ puid: f.formatId, mime: f.mimeType }).toEqual({ puid: sample.puid, mime: sample.mime });
    expect(f.formatName.length).toBeGreaterThan(3);
  });

  it('reads only the head and tail: a PDF/A marker in the middle of a large file is not seen, at the start it is', async () => {
    const xmpPdf = pdfSample('1.7', { part: 3, conformance: 'U' });
    const marker = xmpPdf.subarray(xmpPdf.indexOf('<?xpacket'), xmpPdf.indexOf('<?xpacket end'));
    const filler = Buffer.alloc(512 * 1024, 0x20);
    const middle = path.join(dir, 'xmp-au-milieu.pdf');
    writeFileSync(middle, Buffer.concat([Buffer.from('%PDF-1.7\n'), filler, marker, filler, Buffer.from('\n%%EOF\n')]));
    expect((await identifyFormat(middle)).formatId).toBe('fmt/276');
    const head = path.join(dir, 'xmp-en-tete.pdf');
    writeFileSync(head, Buffer.concat([Buffer.from('%PDF-1.7\n'), marker, filler, filler, Buffer.from('\n%%EOF\n')]));
    expect((await identifyFormat(head)).formatId).toBe('fmt/481');
  });

  it('a 4 GiB sparse PDF is identified from its two ends, without reading or holding it', async () => {
    const big = path.join(dir, 'registre-numerise.pdf');
    const fd = openSync(big, 'w');
    writeSync(fd, Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 0, undefined, 0);
    const size = 4 * 1024 ** 3;
    ftruncateSync(fd, size);
    writeSync(fd, Buffer.from('startxref\n0\n%%EOF\n'), 0, undefined, size - 18);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    expect((await identifyFormat(big)).formatId).toBe('fmt/276');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a hostile container: an OOXML-looking ZIP whose [Content_Types].xml inflates to 64 MiB (declared 1 GiB) is not expanded', async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x41), { level: 9 });
    // Same layout as zipSample, but the entry is declared deflated with the bomb as its data.
    const p = path.join(dir, 'bombe.docx');
    writeFileSync(p, handZip('[Content_Types].xml', bomb));
    const before = process.memoryUsage().rss;
    const f = await identifyFormat(p);
    expect(f.formatId).toBe('x-fmt/263');
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('pathological contents (zeros, newlines, repeated XMP fragments) are identified in bounded work', async () => {
    const cases: Array<[string, Buffer, string | undefined]> = [
      ['zeros.bin', Buffer.alloc(128 * 1024), undefined],
      ['newlines.txt', Buffer.alloc(128 * 1024, 0x0a), 'x-fmt/111'],
      [
        'xmp-repete.pdf',
        Buffer.concat([
          Buffer.from('%PDF-1.7\n'),
          Buffer.from('xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:conformance="'.repeat(1500)),
          Buffer.from('\n%%EOF\n'),
        ]),
        'fmt/276',
      ],
    ];
    for (const [name, data, puid] of cases) {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      expect((await identifyFormat(p)).formatId, name).toBe(puid);
    }
  });

  it('ships the PRONOM data with its attribution (Open Government Licence) in assets/pronom', () => {
    for (const f of ['DROID_SignatureFile_V118.xml', 'container-signature-20240501.xml', 'LISEZMOI.md'])
      expect(existsSync(path.join(ROOT, 'assets', 'pronom', f)), f).toBe(true);
    const note = readFileSync(path.join(ROOT, 'assets', 'pronom', 'LISEZMOI.md'), 'utf8');
    expect(note).toMatch(/The National Archives/);
    expect(note).toMatch(/Open Government Licence/);
  });
});

/** A one-entry ZIP whose entry is `packed` (raw deflate), sizes as declared by the packer. */
function handZip(name: string, packed: Buffer): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(0x40000000, 22);
  local.writeUInt16LE(n.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(packed.length, 20);
  cd.writeUInt32LE(0x40000000, 24);
  cd.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + packed.length, 16);
  return Buffer.concat([local, n, packed, cd, n, end]);
}
