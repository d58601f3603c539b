// The page's bridge (renderer/src/bridge/web-client.ts) against the real web host: a file the
// host refuses when it goes alone (a drop whose acts the user grouped: one request per file)
// is told with the host's own French reason (« Fichier trop volumineux : … »), as a batch's
// refusal already was, not with a bare « n’a pas pu être transmis » alone. Run in Node, whose fetch,
// WebSocket and File are the browser's APIs; `window`, `history` and `sessionStorage` are
// the few globals the bridge reads besides.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebHost } from '../../../main/web/server';
import { createWebClient } from '../../../renderer/src/bridge/web-client';
import { inboxTree, startEchoHost } from '../../tools/web-inbox';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-page-refusal-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
const CAP = 64 * 1024;
let host: WebHost;

beforeAll(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
  host = await startEchoHost({ rendererDir, inboxDir, maxUploadBytes: CAP });
  const page = new URL(host.launchUrl);
  const stored = new Map<string, string>();
  Object.assign(globalThis, {
    window: { location: { href: page.href, hash: page.hash, pathname: page.pathname, search: page.search } },
    history: { replaceState: () => undefined },
    sessionStorage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    },
  });
});
afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a grouped drop whose file the host refuses', () => {
  test('the page says the host’s reason, and nothing stays in the inbox', async () => {
    const client = createWebClient();
    const act = new File([new Uint8Array(CAP + 1)], 'DE_2024_045_budget.pdf');
    const annex = new File([new Uint8Array(10)], 'DE_2024_045_annexe.pdf');
    const refused = await client
      .intakeFiles('commune', [act, annex], [{ act: 0, attachments: [{ file: 1, role: 'annex' }] }])
      .then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    expect(refused).toBe(
      'Le fichier « DE_2024_045_budget.pdf » n’a pas pu être transmis. Fichier trop volumineux : la limite est de 64 Kio par fichier.',
    );
    expect(inboxTree(inboxDir)).toEqual([]);
  });
});
