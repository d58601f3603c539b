// The batched upload as the page sends it from Chromium: multipart/form-data by XMLHttpRequest
// (main/web/upload-form.ts). Same guarantees as the records format: token required, names kept
// inside the inbox, caps per file, per batch and in file count, and a body malformed, cut or
// lying about a size anywhere leaves nothing; the host keeps serving after each refusal.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  batchForm,
  MAX_BATCH_FILES,
  UPLOAD_BATCH_PATH,
  type BatchFileHeader,
} from '../../../main/contract/upload-batch';
import type { WebHost } from '../../../main/web/server';
import { inboxTree, startEchoHost, untilInboxTree } from '../../tools/web-inbox';
import { formBoundary, MAX_PART_HEADERS_BYTES } from '../../../main/web/upload-form';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-webform-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
const CAP = 64 * 1024;
const B = '----SceauTestBoundary7MA4YWxkTrZu0gW';
let host: WebHost;

const tree = (): string[] => inboxTree(inboxDir);

const untilTree = (expected: string[]): Promise<void> => untilInboxTree(inboxDir, expected);

/** One part as Chromium writes it: delimiter, headers, blank line, content, CRLF. */
function part(name: string, content: Buffer | string, headers = ''): Buffer {
  return Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"${headers}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
}

const meta = (h: BatchFileHeader) => part('meta', JSON.stringify(h));
const content = (c: Buffer | string) => part('file', c, '; filename="x.pdf"\r\nContent-Type: application/octet-stream');
const close = Buffer.from(`--${B}--\r\n`);

/** A well-formed body: meta then file, per file, then the closing delimiter. */
function form(files: Array<{ name: string; content: string | Buffer; mtime?: number }>): Buffer {
  return Buffer.concat([
    ...files.flatMap((f) => [
      meta({ name: f.name, size: Buffer.byteLength(f.content), ...(f.mtime ? { mtime: f.mtime } : {}) }),
      content(f.content),
    ]),
    close,
  ]);
}

/** Sends `data` raw (chunked) with the given Content-Type; the host's answer. */
function postRaw(
  data: Buffer,
  contentType = `multipart/form-data; boundary=${B}`,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${host.url}${UPLOAD_BATCH_PATH}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': contentType, 'Transfer-Encoding': 'chunked' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

beforeAll(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
  host = await startEchoHost({ rendererDir, inboxDir, maxUploadBytes: CAP });
});
afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('multipart batch: what lands', () => {
  test('a FormData built by batchForm (fetch in Node: another multipart writer) lands, names and dates kept', async () => {
    const before = tree();
    const mtime = Date.UTC(2024, 2, 14, 9, 30);
    const files = [
      { name: 'Délibérations/DE_2024_045_budget "final".pdf', data: 'budget', mtime: Date.UTC(2023, 0, 2) },
      { name: 'Délibérations/Annexes/DE_2024_045_annexe 100%.pdf', data: 'annexe', mtime },
      { name: 'AR_2024_046.pdf', data: '', mtime },
      { name: 'lot/ligne\r\nfausse.pdf', data: 'x', mtime },
    ];
    const blobs = files.map((f) => Object.assign(new Blob([f.data]), { meta: f }));
    const r = await fetch(`${host.url}${UPLOAD_BATCH_PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: batchForm(blobs, (b) => ({ name: b.meta.name, size: b.size, mtime: b.meta.mtime })),
    });
    const json = (await r.json()) as { uploadId?: string; files?: number; error?: string };
    // A control character in a name is refused: the whole batch with it.
    expect(r.status).toBe(400);
    expect(json.error).toMatch(/Nom de fichier invalide/);
    await untilTree(before);

    const ok = blobs.slice(0, 3);
    const r2 = await fetch(`${host.url}${UPLOAD_BATCH_PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: batchForm(ok, (b) => ({ name: b.meta.name, size: b.size, mtime: b.meta.mtime })),
    });
    const json2 = (await r2.json()) as { uploadId?: string; files?: number; error?: string };
    expect(r2.status, json2.error).toBe(200);
    expect(json2.files).toBe(3);
    const id = json2.uploadId!;
    expect(tree().filter((x) => !before.includes(x))).toEqual([
      `${id}/`,
      `${id}/AR_2024_046.pdf`,
      `${id}/Délibérations/`,
      `${id}/Délibérations/Annexes/`,
      `${id}/Délibérations/Annexes/DE_2024_045_annexe 100%.pdf`,
      `${id}/Délibérations/DE_2024_045_budget "final".pdf`,
    ]);
    const annexe = path.join(inboxDir, id, 'Délibérations', 'Annexes', 'DE_2024_045_annexe 100%.pdf');
    expect(readFileSync(annexe, 'utf8')).toBe('annexe');
    expect(statSync(annexe).mtimeMs).toBe(mtime);
    expect(readFileSync(path.join(inboxDir, id, 'Délibérations', 'DE_2024_045_budget "final".pdf'), 'utf8')).toBe(
      'budget',
    );
  });

  test('a body cut into 1-byte chunks and a content holding the boundary itself still land whole', async () => {
    const tricky = Buffer.from(`avant\r\n--${B}\r\naprès --${B}--`);
    const data = form([
      { name: 'lot/piège.pdf', content: tricky },
      { name: 'lot/b.pdf', content: 'b' },
    ]);
    const r = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${host.url}${UPLOAD_BATCH_PATH}`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${host.token}`,
            'Content-Type': `multipart/form-data; boundary="${B}"`,
            'Transfer-Encoding': 'chunked',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      const send = (i: number): void => {
        if (i >= data.length) return void req.end();
        req.write(data.subarray(i, i + 1), () => send(i + 1));
      };
      send(0);
    });
    expect(r.status, r.text).toBe(200);
    const id = (JSON.parse(r.text) as { uploadId: string }).uploadId;
    expect(readFileSync(path.join(inboxDir, id, 'lot', 'piège.pdf')).equals(tricky)).toBe(true);
    expect(readFileSync(path.join(inboxDir, id, 'lot', 'b.pdf'), 'utf8')).toBe('b');
  });

  test('formBoundary takes a boundary as RFC 2046 allows it, and nothing else', () => {
    expect(formBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(formBoundary(`Multipart/Form-Data; charset=utf-8; boundary="a b"`)).toBe('a b');
    expect(formBoundary('multipart/form-data')).toBeNull();
    expect(formBoundary('multipart/form-data; boundary=')).toBeNull();
    expect(formBoundary(`multipart/form-data; boundary=${'a'.repeat(71)}`)).toBeNull();
    expect(formBoundary('multipart/form-data; boundary=a\r\nb')).toBeNull();
    expect(formBoundary('multipart/form-data; boundary=ends-with-space ')).toBe('ends-with-space');
    expect(formBoundary('text/plain; boundary=abc')).toBeNull();
  });
});

describe('multipart batch: hostile input leaves nothing, in French, and the host keeps serving', () => {
  const ok = () => [meta({ name: 'lot/premier.pdf', size: 2 }), content('ok')];
  const cases: Array<[string, () => Buffer, number, RegExp, string?]> = [
    [
      'no boundary in the Content-Type',
      () => form([{ name: 'a.pdf', content: 'a' }]),
      400,
      /illisible/,
      'multipart/form-data',
    ],
    [
      'a boundary over 70 characters',
      () => form([{ name: 'a.pdf', content: 'a' }]),
      400,
      /illisible/,
      `multipart/form-data; boundary=${'b'.repeat(71)}`,
    ],
    [
      'a preamble before the first delimiter',
      () => Buffer.concat([Buffer.from('bonjour\r\n'), form([{ name: 'a.pdf', content: 'a' }])]),
      400,
      /illisible/,
    ],
    [
      'a file part before its meta',
      () => Buffer.concat([content('a'), meta({ name: 'a.pdf', size: 1 }), close]),
      400,
      /illisible/,
    ],
    [
      'two metas in a row',
      () => Buffer.concat([meta({ name: 'a.pdf', size: 1 }), meta({ name: 'b.pdf', size: 1 }), close]),
      400,
      /illisible/,
    ],
    [
      'a meta without its file',
      () => Buffer.concat([...ok(), meta({ name: 'b.pdf', size: 1 }), close]),
      400,
      /illisible/,
    ],
    [
      'a part without Content-Disposition',
      () => Buffer.concat([Buffer.from(`--${B}\r\nContent-Type: text/plain\r\n\r\n{}\r\n`), close]),
      400,
      /illisible/,
    ],
    [
      'a header line without a colon',
      () =>
        Buffer.concat([
          Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="meta"\r\nbizarre\r\n\r\n{}\r\n`),
          close,
        ]),
      400,
      /illisible/,
    ],
    [
      'part headers over the limit',
      () =>
        Buffer.concat([
          Buffer.from(
            `--${B}\r\nContent-Disposition: form-data; name="meta"\r\nX-Pad: ${'p'.repeat(MAX_PART_HEADERS_BYTES)}\r\n\r\n{}\r\n`,
          ),
          close,
        ]),
      400,
      /illisible/,
    ],
    [
      'part headers never ended',
      () => Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="meta"\r\n`),
      400,
      /incomplet/,
    ],
    [
      'a meta over 4 KiB',
      () =>
        Buffer.concat([
          part('meta', JSON.stringify({ name: 'a.pdf', size: 1, pad: 'x'.repeat(5000) })),
          content('a'),
          close,
        ]),
      400,
      /illisible/,
    ],
    ['a meta that is not JSON', () => Buffer.concat([part('meta', '{{{'), content('a'), close]), 400, /illisible/],
    ['a negative size', () => Buffer.concat([meta({ name: 'a.pdf', size: -1 }), content(''), close]), 400, /illisible/],
    [
      'content longer than its declared size',
      () => Buffer.concat([...ok(), meta({ name: 'b.pdf', size: 3 }), content('quatre'), close]),
      400,
      /illisible/,
    ],
    [
      'content shorter than its declared size',
      () => Buffer.concat([...ok(), meta({ name: 'b.pdf', size: 30 }), content('court'), close]),
      400,
      /illisible|incomplet/,
    ],
    ['no closing delimiter', () => Buffer.concat(ok()), 400, /incomplet/],
    [
      'bytes after the closing delimiter',
      () => Buffer.concat([...ok(), close, Buffer.from('encore')]),
      400,
      /illisible/,
    ],
    ['an empty form', () => close, 400, /illisible/],
    [
      'a name that leaves the upload folder',
      () =>
        form([
          { name: 'lot/a.pdf', content: 'a' },
          { name: '../../évadé.pdf', content: 'x' },
        ]),
      400,
      /Nom de fichier invalide/,
    ],
    ['an absolute name', () => form([{ name: '/etc/cron.d/évadé', content: 'x' }]), 400, /Nom de fichier invalide/],
    [
      'the same name twice',
      () =>
        form([
          { name: 'lot/a.pdf', content: 'a' },
          { name: 'lot/a.pdf', content: 'b' },
        ]),
      400,
      /Nom de fichier invalide/,
    ],
    [
      'a file over the cap (declared in its meta)',
      () => Buffer.concat([...ok(), meta({ name: 'gros.pdf', size: CAP + 1 }), Buffer.from(`--${B}\r\n`)]),
      413,
      /Fichier trop volumineux : la limite est de 64 Kio/,
    ],
    [
      'files over the cap together',
      () =>
        form([
          { name: 'a.pdf', content: Buffer.alloc(CAP / 2 + 1) },
          { name: 'b.pdf', content: Buffer.alloc(CAP / 2 + 1) },
        ]),
      413,
      /Fichier trop volumineux/,
    ],
    [
      `more than ${MAX_BATCH_FILES} files`,
      () => form(Array.from({ length: MAX_BATCH_FILES + 1 }, (_, i) => ({ name: `lot/f${i}.pdf`, content: '' }))),
      413,
      /Trop de fichiers/,
    ],
  ];
  test.each(cases)('%s: refused, nothing written', async (_what, data, status, message, contentType) => {
    const before = tree();
    const r = await postRaw(data(), contentType);
    expect(r.status).toBe(status);
    expect((JSON.parse(r.text) as { error: string }).error).toMatch(message);
    await untilTree(before);
  });

  test('a connection cut by the client mid-file leaves nothing; the host still takes the next batch', async () => {
    const before = tree();
    const big = form([
      { name: 'lot/a.pdf', content: 'x'.repeat(1000) },
      { name: 'lot/b.pdf', content: Buffer.alloc(CAP - 2000) },
    ]);
    await new Promise<void>((resolve) => {
      const req = http.request(`${host.url}${UPLOAD_BATCH_PATH}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${host.token}`,
          'Content-Type': `multipart/form-data; boundary=${B}`,
          'Content-Length': String(big.length),
        },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(big.subarray(0, 3000), () => setTimeout(() => req.destroy(), 100));
    });
    await untilTree(before);
    const r = await postRaw(form([{ name: 'lot/après.pdf', content: 'encore là' }]));
    expect(r.status, r.text).toBe(200);
  });

  test('without the token: 401, nothing written', async () => {
    const before = tree();
    const r = await fetch(`${host.url}${UPLOAD_BATCH_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${B}` },
      body: new Uint8Array(form([{ name: 'a.pdf', content: 'a' }])),
    });
    expect(r.status).toBe(401);
    expect(tree()).toEqual(before);
  });
});
