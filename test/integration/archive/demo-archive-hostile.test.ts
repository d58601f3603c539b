// The reference archive runs inside the app (first-launch demo): hostile packages must never
// stall it nor fill its disk, and its answers never name its files (issue 16, items 2 and 7).
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ASALAE_LOGIN, DEMO_ASALAE_PASSWORD } from '../../../main/demo-archive/demo-account';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import { parseArchiveTransferReply } from '../../../main/core/seda/replies';
import { bordereau } from '../../tools/seda-package';

let dir: string;
let archive: DemoArchive;
const auth = `Basic ${Buffer.from(`${DEMO_ASALAE_LOGIN}:${createHash('sha256').update(DEMO_ASALAE_PASSWORD).digest('hex')}`).toString('base64')}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-hostile-'));
  archive = await startDemoArchive({
    dataDir: path.join(dir, 'archive'),
    pendingMs: 100,
    maxExpandedBytes: 20 * 1024 * 1024,
  });
});
afterAll(async () => {
  await archive.close();
});

/** Largest gap between event-loop ticks while `work` runs (a stall shows as a long gap). */
async function maxLoopGap<T>(work: () => Promise<T>): Promise<{ value: T; gap: number }> {
  let last = performance.now();
  let gap = 0;
  const t = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 10);
  try {
    const value = await work();
    return { value, gap };
  } finally {
    clearInterval(t);
  }
}

/** 2,500 namespace declarations on the root, 200,000 elements below. */
function amplifiedBordereau(): string {
  const ns = Array.from({ length: 2_500 }, (_, i) => ` xmlns:n${i}="urn:x:${i}"`).join('');
  return `<?xml version="1.0"?><ArchiveTransfer xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1"${ns}><MessageIdentifier>HOSTILE-1</MessageIdentifier><Comment>${'<a/>'.repeat(200_000)}</Comment><TransferringAgency><Identifier>X</Identifier></TransferringAgency></ArchiveTransfer>`;
}

async function vitamReply(sip: Uint8Array | string): Promise<string> {
  const post = await fetch(`${archive.vitamUrl}/ingest-external/v1/ingests`, {
    method: 'POST',
    headers: { 'X-Tenant-Id': '0', 'X-Action': 'RESUME', 'X-Context-Id': 'DEFAULT_WORKFLOW' },
    body: typeof sip === 'string' ? sip : new Blob([sip as Uint8Array<ArrayBuffer>]),
  });
  expect(post.status).toBe(202);
  const id = post.headers.get('x-request-id');
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${archive.vitamUrl}/ingest-external/v1/ingests/${id}/archivetransferreply`, {
      headers: { 'X-Tenant-Id': '0' },
    });
    if (r.status === 200) return r.text();
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('no reply');
}

async function zipOf(members: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(members)) zip.addBuffer(Buffer.from(data), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('hostile packages against the reference archive', () => {
  test('namespace amplification: refused fast, the event loop never stalls (as@lae and Vitam)', async () => {
    const xml = amplifiedBordereau();
    const form = new FormData();
    form.append('seda_message', new Blob([xml], { type: 'application/xml' }), 'bordereau.xml');
    form.append('attachments', new Blob([Buffer.from('x')]), 'archive.tar.gz');
    const asalae = await maxLoopGap(async () =>
      fetch(`${archive.asalaeUrl}/sedaMessages`, { method: 'POST', headers: { Authorization: auth }, body: form }),
    );
    expect(asalae.value.status).toBe(400);
    expect(((await asalae.value.json()) as { message: string }).message).toMatch(/espaces de noms/);
    expect(asalae.gap).toBeLessThan(500);

    const vitam = await maxLoopGap(async () => vitamReply(await zipOf({ 'manifest.xml': xml })));
    const atr = parseArchiveTransferReply(vitam.value);
    expect(atr.replyCode).toBe('KO');
    expect(atr.messageRequestIdentifier).toBe('');
    expect(atr.events?.map((e) => e.eventDetailData).join(' ')).toMatch(/espaces de noms/);
    expect(vitam.gap).toBeLessThan(500);
  }, 60_000);

  test('a small archive expanding past the cap is refused and nothing expanded stays on disk', async () => {
    const files = [{ name: 'plan.pdf', data: Buffer.from('%PDF-1.4 plan\n') }];
    const manifest = bordereau({}, 'BOMB-1', files);
    // 30 MB of zeros: a few tens of KB compressed.
    const tgz = path.join(dir, 'bomb.tar.gz');
    const pack = tar.pack();
    const done = pipeline(pack, createGzip({ level: 9 }), createWriteStream(tgz));
    pack.entry({ name: 'content/zeros.bin', size: 30 * 1024 * 1024 }, Buffer.alloc(30 * 1024 * 1024));
    pack.finalize();
    await done;
    expect((await stat(tgz)).size).toBeLessThan(200_000);
    const form = new FormData();
    form.append('seda_message', new Blob([manifest], { type: 'application/xml' }), 'bordereau.xml');
    form.append('attachments', new Blob([await (await import('node:fs/promises')).readFile(tgz)]), 'archive.tar.gz');
    const res = await fetch(`${archive.asalaeUrl}/sedaMessages`, {
      method: 'POST',
      headers: { Authorization: auth },
      body: form,
    });
    expect(res.status).toBe(200);
    let atr = '';
    for (let i = 0; i < 200 && !atr; i++) {
      const r = await fetch(
        `${archive.asalaeUrl}/sedaMessages/sequence:ArchiveTransfer/message:ArchiveTransferReply/originOrganizationIdentification:FRDEMO_MAIRIE_EXEMPLE/originMessageIdentifier:BOMB-1`,
        { headers: { Authorization: auth, Accept: 'application/xml' } },
      );
      if (r.status === 200) atr = await r.text();
      else await new Promise((res2) => setTimeout(res2, 50));
    }
    expect(atr).toMatch(/dépasse 20 Mo une fois décompressé/);
    const transfers = path.join(dir, 'archive', 'transfers');
    const stored = (await readdir(transfers)).find((d) => d.includes('BOMB-1')) ?? '';
    expect(await readdir(path.join(transfers, stored))).not.toContain('files');
  }, 60_000);

  test('answers never name the server’s files', async () => {
    const other = path.join(dir, 'broken');
    const a = await startDemoArchive({ dataDir: other, pendingMs: 50 });
    try {
      // The transfers folder replaced by a file: storing fails with an error naming the path.
      await rm(path.join(other, 'transfers'), { recursive: true });
      await writeFile(path.join(other, 'transfers'), 'x');
      const form = new FormData();
      form.append('seda_message', new Blob([bordereau({}, 'PATH-1', [])], { type: 'application/xml' }), 'b.xml');
      form.append('attachments', new Blob([Buffer.from('x')]), 'archive.tar.gz');
      const res = await fetch(`${a.asalaeUrl}/sedaMessages`, {
        method: 'POST',
        headers: { Authorization: auth },
        body: form,
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain(dir);
      expect(text).not.toMatch(/ENOTDIR|EEXIST|\/tmp\//);
      const garbage = await vitamReply('pas un zip').catch(() => '');
      expect(garbage).not.toContain(dir);
    } finally {
      await a.close();
    }
  });
});
