// The web host in its own process with echo handlers, so a test can see whether a hostile
// client kills it. Prints one JSON line { port, token, inboxDir } once listening.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHANNEL_NAMES } from '../../../../main/contract/api';
import type { Handlers } from '../../../../main/core/api/dispatch';
import { EventBus } from '../../../../main/core/events';
import { startWebHost } from '../../../../main/web/server';

const tmp = process.env.SCEAU_TEST_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sceau-webchild-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
const bus = new EventBus();
const all: Record<string, (r: unknown) => Promise<unknown>> = {};
for (const c of CHANNEL_NAMES) all[c] = (r) => Promise.resolve({ echo: r });
const maxUpload = Number(process.env.SCEAU_TEST_MAX_UPLOAD ?? 0);
const maxUnsent = Number(process.env.SCEAU_TEST_MAX_WS_UNSENT ?? 0);

const host = await startWebHost({
  handlers: all as unknown as Handlers,
  onEvent: (l) => bus.on(l),
  rendererDir,
  inboxDir,
  resolveExport: () => null,
  ...(maxUpload > 0 ? { maxUploadBytes: maxUpload } : {}),
  ...(maxUnsent > 0 ? { maxUnsentBytes: maxUnsent } : {}),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ port: host.port, token: host.token, inboxDir })}\n`);
