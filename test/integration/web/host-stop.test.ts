// Ctrl+C (SIGINT/SIGTERM) stops the web host even while a client holds an upload open without
// ever finishing it (a stalled browser, or a hostile one): the host used to wait for that
// request to end before closing anything, so it never stopped, and the engine never closed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, test } from 'vitest';
import { bundle } from '../sync/child-process';
import { HOST_ENV } from '../../tools/web-host-process';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sceau-hoststop-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

test('SIGTERM stops the host within seconds while an upload is held open', async () => {
  const script = await bundle(path.resolve(import.meta.dirname, '../../../main/web/host.ts'));
  child = spawn(process.execPath, [script, '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: HOST_ENV,
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve));
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

  // An upload that announces 1 MB and sends 10 bytes, then nothing.
  const held = net.connect(port, '127.0.0.1');
  held.on('error', () => undefined);
  await new Promise<void>((resolve) => held.once('connect', resolve));
  held.write(
    `POST /upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
      `X-Sceau-Name: acte.pdf\r\nContent-Length: 1000000\r\n\r\n0123456789`,
  );
  await new Promise((r) => setTimeout(r, 300));

  child.kill('SIGTERM');
  const code = await Promise.race([
    exited,
    new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000)),
  ]);
  held.destroy();
  expect(code).toBe(0);
}, 60_000);
