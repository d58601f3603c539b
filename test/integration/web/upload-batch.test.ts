// The web host's batched upload (issue 18): many dropped files in one POST /upload-batch.
// Same guarantees as one file per request: the token is required, every name stays inside
// the inbox, the size cap holds (per file and per batch), a batch cut or malformed anywhere
// leaves nothing behind, and leftovers of a crash are purged at the next start.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { shownName } from '../../../main/contract/upload-names';
import {
  batchRecordHeader,
  MAX_BATCH_FILES,
  batchesOf,
  FIRST_BATCH_FILES,
  planBatches,
  withTaskTurns,
  sendBatches,
  UPLOAD_BATCH_PATH,
  UPLOAD_LANES,
  UPLOAD_BATCH_TYPE,
  type BatchFileHeader,
} from '../../../main/contract/upload-batch';
import type { WebHost } from '../../../main/web/server';
import { inboxTree, startEchoHost, untilInboxTree } from '../../tools/web-inbox';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-webbatch-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
const CAP = 64 * 1024;
let host: WebHost;

const tree = (): string[] => inboxTree(inboxDir);

/** A batch body as the page builds it (header bytes, then the content), as one Buffer. */
function body(files: Array<{ header: BatchFileHeader; content: Buffer }>): Buffer {
  return Buffer.concat(files.flatMap((f) => [Buffer.from(batchRecordHeader(f.header)), f.content]));
}

function file(name: string, content: string | Buffer, mtime?: number) {
  const c = typeof content === 'string' ? Buffer.from(content) : content;
  return { header: { name, size: c.length, ...(mtime ? { mtime } : {}) }, content: c };
}

const auth = () => ({ Authorization: `Bearer ${host.token}` });

async function post(data: Buffer | Blob, headers: Record<string, string> = auth()) {
  const blob = data instanceof Blob ? data : new Blob([new Uint8Array(data)]);
  const res = await fetch(`${host.url}${UPLOAD_BATCH_PATH}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': UPLOAD_BATCH_TYPE },
    body: blob,
  });
  return { status: res.status, json: (await res.json()) as { uploadId?: string; files?: number; error?: string } };
}

/** Sends `data` raw and ends the request normally (no Content-Length check by fetch). */
function postChunked(data: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${host.url}${UPLOAD_BATCH_PATH}`,
      { method: 'POST', headers: { ...auth(), 'Content-Type': UPLOAD_BATCH_TYPE, 'Transfer-Encoding': 'chunked' } },
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

const untilTree = (expected: string[]): Promise<void> => untilInboxTree(inboxDir, expected);

beforeAll(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
  // A batch a crash interrupted (its folder still carries the suffix), next to a complete one.
  for (const [rel, content] of [
    ['b1.sceau-upload/lot/DE_2024_001.pdf', 'written before the crash'],
    ['b1.sceau-upload/lot/DE_2024_002.pdf', 'written before the crash'],
    ['b2/lot/DE_2024_003.pdf', 'complete'],
  ] as const) {
    mkdirSync(path.dirname(path.join(inboxDir, rel)), { recursive: true });
    writeFileSync(path.join(inboxDir, rel), content);
  }
  host = await startEchoHost({ rendererDir, inboxDir, maxUploadBytes: CAP });
});
afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('batched upload: what lands', () => {
  test('a batch interrupted by a crash in an earlier run is purged at start-up; a complete one stays', () => {
    expect(tree()).toEqual(['b2/', 'b2/lot/', 'b2/lot/DE_2024_003.pdf']);
  });

  test('a batch as the page sends it (Blob of headers and files) lands in one upload folder, names and dates kept', async () => {
    const before = tree();
    const mtime = Date.UTC(2024, 2, 14, 9, 30);
    const files = [
      file('Délibérations/DE_2024_045_budget.pdf', 'budget'),
      file('Délibérations/Annexes/DE_2024_045_annexe 100%.pdf', 'annexe', mtime),
      file('AR_2024_046.pdf', Buffer.alloc(0)),
    ];
    const blob = new Blob(files.flatMap((f) => [batchRecordHeader(f.header), new Uint8Array(f.content)]));
    const r = await post(blob);
    expect(r.status, r.json.error).toBe(200);
    expect(r.json.files).toBe(3);
    const id = r.json.uploadId!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(tree().filter((x) => !before.includes(x))).toEqual([
      `${id}/`,
      `${id}/AR_2024_046.pdf`,
      `${id}/Délibérations/`,
      `${id}/Délibérations/Annexes/`,
      `${id}/Délibérations/Annexes/DE_2024_045_annexe 100%.pdf`,
      `${id}/Délibérations/DE_2024_045_budget.pdf`,
    ]);
    const annexe = path.join(inboxDir, id, 'Délibérations', 'Annexes', 'DE_2024_045_annexe 100%.pdf');
    expect(readFileSync(annexe, 'utf8')).toBe('annexe');
    expect(statSync(annexe).mtimeMs).toBe(mtime);
    expect(readFileSync(path.join(inboxDir, id, 'Délibérations', 'DE_2024_045_budget.pdf'), 'utf8')).toBe('budget');
  });

  test('planBatches: at most MAX_BATCH_FILES per batch, a big file alone, never one name twice', () => {
    const many = Array.from({ length: MAX_BATCH_FILES + 5 }, (_, i) => ({ n: `f${i}.pdf`, s: 10 }));
    expect(
      planBatches(
        many,
        (x) => x.n,
        (x) => x.s,
      ).map((b) => b.length),
    ).toEqual([MAX_BATCH_FILES, 5]);
    const big = [
      { n: 'a', s: 10 },
      { n: 'b', s: 40 * 1024 * 1024 },
      { n: 'c', s: 10 },
    ];
    expect(
      planBatches(
        big,
        (x) => x.n,
        (x) => x.s,
      ).map((b) => b.map((x) => x.n)),
    ).toEqual([['a'], ['b'], ['c']]);
    const twice = ['x/a.pdf', 'y/a.pdf', 'x/A.PDF', 'z.pdf'].map((n) => ({ n, s: 1 }));
    expect(
      planBatches(
        twice,
        (x) => x.n,
        (x) => x.s,
      ).map((b) => b.map((x) => x.n)),
    ).toEqual([
      ['x/a.pdf', 'y/a.pdf'],
      ['x/A.PDF', 'z.pdf'],
    ]);
  });

  test('planBatches: one name in its two Unicode forms (NFC, NFD) never shares a batch', () => {
    // A macOS disk takes « é » composed and decomposed as one name: in one batch, the second
    // file was refused (EEXIST) and with it the whole batch, at every new try.
    const composed = 'Délibérations/DE_2024_045_Église.pdf'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const files = [composed, decomposed, 'autre.pdf'].map((n) => ({ n, s: 1 }));
    expect(
      planBatches(
        files,
        (x) => x.n,
        (x) => x.s,
      ).map((b) => b.map((x) => x.n)),
    ).toEqual([[composed], [decomposed, 'autre.pdf']]);
  });
});

describe('batched upload: several batches in flight', () => {
  test('sendBatches keeps the batch order, runs UPLOAD_LANES at a time, and starts nothing after a failure', async () => {
    let running = 0;
    let most = 0;
    const send = async (n: number): Promise<string> => {
      running++;
      most = Math.max(most, running);
      // The later batches answer first: ids must still come back in batch order.
      await new Promise((r) => setTimeout(r, 40 - n * 5));
      running--;
      return `id-${n}`;
    };
    expect(await sendBatches([0, 1, 2, 3, 4, 5], send)).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
    expect(most).toBe(UPLOAD_LANES);
    const started: number[] = [];
    const failing = async (n: number): Promise<string> => {
      started.push(n);
      if (n === 1) throw new Error('lot 1 refusé');
      await new Promise((r) => setTimeout(r, 20));
      return `id-${n}`;
    };
    await expect(sendBatches([0, 1, 2, 3, 4, 5, 6], failing)).rejects.toThrow('lot 1 refusé');
    expect(started).toEqual([0, 1, 2].slice(0, UPLOAD_LANES));
  });

  test('sendBatches plans lazily: the first batch leaves before the later ones are planned (sizes cost the page)', async () => {
    // In Chromium each File's size is a blocking round trip to the browser (~0.2 ms): planning
    // 10,000 files before the first request held the upload back by seconds (issue 18).
    const items = Array.from({ length: 5 * MAX_BATCH_FILES }, (_, i) => ({ n: `f${i}.pdf`, s: 10 }));
    let sized = 0;
    const planned = batchesOf(
      items,
      (x) => x.n,
      (x) => (sized++, x.s),
    );
    const sizedAtFirstSend: number[] = [];
    const ids = await sendBatches(planned, async (batch) => {
      sizedAtFirstSend.push(sized);
      await new Promise((r) => setTimeout(r, 5));
      return `id-${batch[0]!.n}`;
    });
    expect(sizedAtFirstSend[0]).toBeLessThanOrEqual(MAX_BATCH_FILES + 1);
    // The page's small first batch: the host starts writing after a hundred sizes, not a thousand.
    const ramp = [
      ...batchesOf(
        items,
        (x) => x.n,
        (x) => x.s,
        FIRST_BATCH_FILES,
      ),
    ];
    expect(ramp.map((b) => b.length)).toEqual([
      FIRST_BATCH_FILES,
      ...Array<number>(4).fill(MAX_BATCH_FILES),
      MAX_BATCH_FILES - FIRST_BATCH_FILES,
    ]);
    expect(sized).toBe(items.length);
    expect(ids).toEqual([0, 1, 2, 3, 4].map((b) => `id-f${b * MAX_BATCH_FILES}.pdf`));
    expect([
      ...batchesOf(
        items,
        (x) => x.n,
        (x) => x.s,
      ),
    ]).toEqual(
      planBatches(
        items,
        (x) => x.n,
        (x) => x.s,
      ),
    );
  });

  test('withTaskTurns: the event loop gets a turn after each send, before the next batch is planned', async () => {
    // In a page, fetch() starts its request in a later task: planning the next batches
    // synchronously right after it held the first request back by seconds (issue 18).
    const log: string[] = [];
    const items = Array.from({ length: 3 * MAX_BATCH_FILES }, (_, i) => ({ n: `f${i}.pdf`, s: 10, i }));
    const planned = batchesOf(
      items,
      (x) => x.n,
      (x) => {
        if (x.i === MAX_BATCH_FILES + 1) log.push('next planned');
        return x.s;
      },
    );
    const ids = await sendBatches(withTaskTurns(planned), async (batch) => {
      if (batch[0]!.i === 0) setTimeout(() => log.push('first request started'), 0);
      await new Promise((r) => setTimeout(r, 5));
      return `id-${batch[0]!.i}`;
    });
    expect(log).toEqual(['first request started', 'next planned']);
    expect(ids).toEqual(['id-0', `id-${MAX_BATCH_FILES}`, `id-${2 * MAX_BATCH_FILES}`]);
  });

  test('two real batches at once land in two upload folders', async () => {
    const before = tree();
    const ids = await sendBatches(
      [[file('x/a.pdf', 'a')], [file('x/a.pdf', 'b')]],
      async (files) => (await post(body(files))).json.uploadId!,
    );
    expect(new Set(ids).size).toBe(2);
    expect(tree().filter((x) => !before.includes(x))).toEqual(
      ids.flatMap((id) => [`${id}/`, `${id}/x/`, `${id}/x/a.pdf`]).sort(),
    );
    expect(readFileSync(path.join(inboxDir, ids[1]!, 'x', 'a.pdf'), 'utf8')).toBe('b');
  });
});

describe('batched upload: hostile input leaves nothing', () => {
  test('without the token, or with another one: 401, nothing written', async () => {
    const before = tree();
    const data = body([file('a.pdf', 'x')]);
    expect((await post(data, {})).status).toBe(401);
    expect((await post(data, { Authorization: `Bearer ${'f'.repeat(64)}` })).status).toBe(401);
    expect(tree()).toEqual(before);
  });

  test.each([
    ['../évadé.pdf'],
    ['lot/../../évadé.pdf'],
    ['/etc/passwd'],
    ['C:\\Windows\\évadé.pdf'],
    ['..\\..\\évadé.pdf'],
    ['lot/\0.pdf'],
    [''],
    ['./'],
  ])('a name that leaves the upload folder (%j) is refused with 400, nothing written', async (name) => {
    const before = tree();
    const r = await post(body([file('lot/premier.pdf', 'ok'), file(name, 'evil')]));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Nom de fichier invalide/);
    expect(tree()).toEqual(before);
    expect(existsSync(path.join(tmp, 'évadé.pdf'))).toBe(false);
  });

  test.each([
    ['a component over 255 bytes', `lot/${'é'.repeat(200)}.pdf`],
    ['a path deeper than the system allows', `${'d/'.repeat(550)}a.pdf`],
    ['a control character', 'lot/a\u0001b.pdf'],
  ])('a name the disk cannot take (%s) is refused with 400 in French, nothing written', async (_what, name) => {
    const before = tree();
    const r = await post(body([file('lot/premier.pdf', 'ok'), file(name, 'x')]));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Nom de fichier invalide/);
    // The refusal names the file (control characters made visible), so the user knows which one.
    expect(r.json.error).toContain(`« ${shownName(name)} »`);
    await untilTree(before);
  });

  test.each([
    ['a file, then a folder of that name', ['lot/a', 'lot/a/b.pdf'], 'lot/a/b.pdf'],
    ['a folder, then a file of that name', ['lot/x/b.pdf', 'lot/x'], 'lot/x'],
  ])(
    'a name the disk refuses once staged (%s): 400 naming that file, nothing written',
    async (_what, names, refused) => {
      const before = tree();
      const r = await post(body(names.map((n) => file(n, 'x'))));
      expect(r.status).toBe(400);
      expect(r.json.error).toContain(`Nom de fichier invalide dans l’envoi : « ${refused} »`);
      await untilTree(before);
    },
  );

  test('the same name twice in one batch: 400, nothing written', async () => {
    const before = tree();
    const r = await post(body([file('lot/a.pdf', 'one'), file('lot/a.pdf', 'two')]));
    expect(r.status).toBe(400);
    expect(tree()).toEqual(before);
  });

  test('a truncated batch (content shorter than its header says) ends with 400, nothing written', async () => {
    const before = tree();
    const full = body([file('lot/a.pdf', 'complete'), file('lot/b.pdf', 'x'.repeat(1000))]);
    const r = await postChunked(full.subarray(0, full.length - 10));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/incomplet/);
    await untilTree(before);
  });

  test('a batch cut in the middle of a header ends with 400, nothing written', async () => {
    const before = tree();
    const full = body([file('lot/a.pdf', 'complete'), file('lot/b.pdf', 'second')]);
    const firstLen = 4 + full.readUInt32BE(0) + 'complete'.length;
    const r = await postChunked(full.subarray(0, firstLen + 6));
    expect(r.status).toBe(400);
    await untilTree(before);
  });

  test('a connection cut by the client mid-batch leaves nothing', async () => {
    const before = tree();
    const big = body([file('lot/a.pdf', 'x'.repeat(1000)), file('lot/b.pdf', Buffer.alloc(CAP - 100))]);
    await new Promise<void>((resolve) => {
      const req = http.request(`${host.url}${UPLOAD_BATCH_PATH}`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': UPLOAD_BATCH_TYPE, 'Content-Length': String(big.length) },
      });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write(big.subarray(0, 3000), () => setTimeout(() => req.destroy(), 100));
    });
    await untilTree(before);
  });

  test('a file over the cap (declared in its header) is refused with 413 before its bytes are read', async () => {
    const before = tree();
    const header = Buffer.from(batchRecordHeader({ name: 'gros.pdf', size: CAP + 1 }));
    const r = await postChunked(
      Buffer.concat([Buffer.from(batchRecordHeader({ name: 'a.pdf', size: 1 })), Buffer.from('a'), header]),
    );
    expect(r.status).toBe(413);
    expect(r.text).toMatch(/Fichier trop volumineux : la limite est de 64 Kio par fichier/);
    await untilTree(before);
  });

  test('files under the cap one by one but over it together: 413, nothing written', async () => {
    const before = tree();
    const part = Buffer.alloc(CAP / 2 + 1);
    const r = await post(body([file('a.pdf', part), file('b.pdf', part)]));
    expect(r.status).toBe(413);
    await untilTree(before);
  });

  test(`more than ${MAX_BATCH_FILES} files in one batch: 413, nothing written`, async () => {
    const before = tree();
    const files = Array.from({ length: MAX_BATCH_FILES + 1 }, (_, i) => file(`lot/f${i}.pdf`, ''));
    const r = await post(body(files));
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(new RegExp(`${MAX_BATCH_FILES.toLocaleString('fr-FR')}`));
    await untilTree(before);
  });

  test.each([
    ['a header longer than the limit', Buffer.concat([Buffer.from([0, 0, 0x20, 0]), Buffer.alloc(8192, 0x20)])],
    ['a header that is not JSON', Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{{{')])],
    ['a negative size', Buffer.from(batchRecordHeader({ name: 'a.pdf', size: -1 }))],
    ['a fractional size', Buffer.from(batchRecordHeader({ name: 'a.pdf', size: 1.5 }))],
    ['a name that is not a string', Buffer.from(batchRecordHeader({ name: 42 as unknown as string, size: 0 }))],
    ['an empty body', Buffer.alloc(0)],
  ])('%s: 400, nothing written', async (_what, data) => {
    const before = tree();
    const r = await postChunked(data);
    expect(r.status).toBe(400);
    await untilTree(before);
  });
});
