// Child for upload-disk-full.test.ts, inside its own mount namespace where the parent's wrapper
// mounted a 1 MiB tmpfs at <dir>/disque: the web host's inbox is on it. Uploads bigger than
// the room left (one file, a batch with a big file, a batch of small ones) must be refused in
// French and leave nothing; once refused, the room is back and a small upload lands.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { CHANNEL_NAMES } from '../../../../main/contract/api';
import type { Handlers } from '../../../../main/core/api/dispatch';
import { EventBus } from '../../../../main/core/events';
import { startWebHost } from '../../../../main/web/server';

const [dir] = process.argv.slice(2) as [string];
const disk = join(dir, 'disque');
const inboxDir = join(disk, 'inbox');
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');

const handlers: Record<string, (r: unknown) => Promise<unknown>> = {};
for (const c of CHANNEL_NAMES) handlers[c] = (r) => Promise.resolve({ echo: r });
const host = await startWebHost({
  handlers: handlers as unknown as Handlers,
  onEvent: (l) => new EventBus().on(l),
  rendererDir,
  inboxDir,
  resolveExport: () => null,
  log: () => undefined,
});

interface Answer {
  status: number;
  error: string | null;
}

function post(path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      `${host.url}${path}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${host.token}`, 'Content-Length': String(body.length), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          const json = JSON.parse(text) as { error?: string };
          resolve({ status: res.statusCode ?? 0, error: json.error ?? null });
        });
      },
    );
    // A reset before the answer is a failure the test reports, not a crash of this child.
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, error: e.code ?? String(e) }));
    req.end(body);
  });
}

const B = 'SceauDiskFullBoundary';
function form(files: Array<{ name: string; size: number }>): Buffer {
  return Buffer.concat([
    ...files.flatMap((f) => [
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n`),
      Buffer.from(JSON.stringify({ name: f.name, size: f.size })),
      Buffer.from(`\r\n--${B}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n`),
      Buffer.alloc(f.size, 7),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${B}--\r\n`),
  ]);
}
const multipart = { 'Content-Type': `multipart/form-data; boundary=${B}` };

const tree = (d: string, prefix = ''): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(join(d, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`],
  );

const single = await post(
  'upload',
  { 'X-Sceau-Name': encodeURIComponent('DE_2024_001.pdf') },
  Buffer.alloc(2 * 1024 * 1024, 7),
);
const bigInBatch = await post('upload-batch', multipart, form([{ name: 'Actes/gros.pdf', size: 2 * 1024 * 1024 }]));
const smallOnes = await post(
  'upload-batch',
  multipart,
  form(Array.from({ length: 8 }, (_, i) => ({ name: `Actes/petit-${i}.pdf`, size: 200 * 1024 }))),
);
const left = tree(inboxDir);
const after = await post('upload', { 'X-Sceau-Name': 'petit.pdf' }, Buffer.alloc(10 * 1024, 7));
await host.close();
process.stdout.write(`${JSON.stringify({ single, bigInBatch, smallOnes, left, after })}\n`);
