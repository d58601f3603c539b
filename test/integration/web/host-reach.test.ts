// The web host's bounded file-system reach (issue 16, item 7): uploads have a size cap and
// leave nothing behind when refused or cut; interrupted uploads from an earlier run are
// purged at start-up; a malformed /exports escape is a 400, not a 500; and the browser gets
// the token through a single-use launch code, so the token never sits on a command line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebHost } from '../../../main/web/server';
import { inboxTree, startEchoHost } from '../../tools/web-inbox';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-webreach-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
const CAP = 64 * 1024;
let host: WebHost;

const tree = (): string[] => inboxTree(inboxDir);

beforeAll(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
  // Leftovers of an earlier run: two interrupted uploads, one complete file waiting for
  // intake, and a folder holding both a complete file and a partial one.
  for (const [rel, body] of [
    ['u1/DE_2024_001.pdf.sceau-upload', 'partial'],
    ['u2/Délibérations/DE_2024_002.pdf.sceau-upload', 'partial'],
    ['u3/AR_2024_003.pdf', 'complete'],
    ['u4/keep.pdf', 'complete'],
    ['u4/drop.pdf.sceau-upload', 'partial'],
  ] as const) {
    mkdirSync(path.dirname(path.join(inboxDir, rel)), { recursive: true });
    writeFileSync(path.join(inboxDir, rel), body);
  }
  host = await startEchoHost({ rendererDir, inboxDir, maxUploadBytes: CAP });
});
afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${host.token}` });

describe('inbox hygiene', () => {
  test('interrupted uploads of an earlier run are purged at start-up; complete files stay', () => {
    expect(tree()).toEqual(['u3/', 'u3/AR_2024_003.pdf', 'u4/', 'u4/keep.pdf']);
  });

  test('an upload over the cap (declared length) is refused with 413 in French; nothing stays', async () => {
    const before = tree();
    const res = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: { ...auth(), 'X-Sceau-Name': encodeURIComponent('gros.pdf') },
      body: Buffer.alloc(CAP + 1),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe(
      'Fichier trop volumineux : la limite est de 64 Kio par fichier.',
    );
    expect(tree()).toEqual(before);
  });

  test('a chunked upload that grows over the cap is cut at the cap; nothing stays', async () => {
    const before = tree();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${host.url}upload`,
        { method: 'POST', headers: { ...auth(), 'X-Sceau-Name': 'flux.pdf', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      let sent = 0;
      const pump = () => {
        while (sent < CAP * 4) {
          sent += 8192;
          if (!req.write(Buffer.alloc(8192))) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(tree()).toEqual(before);
  });

  test('an upload cut by the client leaves neither a partial file nor its folder', async () => {
    const before = tree();
    await new Promise<void>((resolve) => {
      const req = http.request(`${host.url}upload`, {
        method: 'POST',
        headers: { ...auth(), 'X-Sceau-Name': 'coupé.pdf', 'Content-Length': String(CAP) },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1000), () => setTimeout(() => req.destroy(), 100));
    });
    const end = Date.now() + 5000;
    while (JSON.stringify(tree()) !== JSON.stringify(before) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(tree()).toEqual(before);
  });

  test('a normal upload under the cap still lands', async () => {
    const res = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: { ...auth(), 'X-Sceau-Name': encodeURIComponent('petit.pdf') },
      body: Buffer.alloc(CAP),
    });
    expect(res.status).toBe(200);
    const { uploadId } = (await res.json()) as { uploadId: string };
    expect(tree()).toContain(`${uploadId}/petit.pdf`);
  });

  test('a name that fits but not once staged (243–255 bytes) answers 400 in French, not 500', async () => {
    // Review: the staged name adds « .sceau-upload » (13 bytes); ENAMETOOLONG came back as a 500.
    const before = tree();
    const name = `${'a'.repeat(240)}.pdf`;
    const res = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: { ...auth(), 'X-Sceau-Name': encodeURIComponent(name) },
      body: Buffer.from('%PDF-1.4'),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^Nom de fichier invalide : « a+…a+\.pdf » \(trop long/,
    );
    expect(tree()).toEqual(before);
  });

  test('/exports with a malformed escape answers 400 and creates nothing', async () => {
    const before = tree();
    for (const bad of ['%E0%A4%A', '%ZZ', 'abc%']) {
      const res = await fetch(`${host.url}exports/${bad}`, { headers: auth() });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('Adresse d’export invalide.');
    }
    expect(tree()).toEqual(before);
  });
});

describe('token hand-over without a command line', () => {
  test('the one-time launch address carries no token and works exactly once', async () => {
    const once = host.oneTimeLaunchUrl();
    expect(once).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/launch\?code=[0-9a-f]{48}$/);
    expect(once).not.toContain(host.token);
    const first = await fetch(once, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/#token=${host.token}`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(once, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(await again.text()).toMatch(/^Ce lien d’ouverture de Sceau a déjà servi ou a expiré/);
    expect(again.headers.get('location')).toBeNull();
  });

  test('a made-up or absent code gets nothing', async () => {
    for (const q of ['?code=' + '0'.repeat(48), '', '?code=']) {
      const res = await fetch(`${host.url}launch${q}`, { redirect: 'manual' });
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});
