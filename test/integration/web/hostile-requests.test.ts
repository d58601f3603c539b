// One malformed HTTP request, even without the token, must not kill the web host (and the
// engine inside it). The host runs in its own process; each request is written raw on a TCP
// socket; then the process must still be alive and serve a normal contract call.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { bundle } from '../sync/child-process';

let child: ChildProcess;
let port = 0;
let token = '';
let stderr = '';

beforeAll(async () => {
  const script = await bundle(new URL('./children/web-host-child.ts', import.meta.url).pathname);
  child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
  ({ port, token } = JSON.parse(line) as { port: number; token: string });
}, 60_000);
afterAll(() => {
  child.kill('SIGKILL');
});

/** Writes `request` raw and gives back what the host answered before closing (or 2 s). */
function raw(request: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(request));
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('error', () => undefined);
    const timer = setTimeout(() => s.destroy(), 2000);
    s.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

function contractCall(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['sceau.v1', `token.${token}`], {
      origin: `http://127.0.0.1:${port}`,
    });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 7, channel: 'getSettings', request: {} })));
    ws.on('message', (data: WebSocket.RawData) => {
      const f = JSON.parse(String(data)) as { kind: string; id?: number; envelope?: unknown };
      if (f.kind === 'result' && f.id === 7) {
        ws.close();
        resolve(f.envelope);
      }
    });
  });
}

async function expectAlive(): Promise<void> {
  // The crash, if any, comes within a turn or two of the request.
  await new Promise((r) => setTimeout(r, 200));
  expect(child.exitCode, stderr).toBeNull();
  expect(child.signalCode, stderr).toBeNull();
  expect(await contractCall()).toMatchObject({ ok: true });
}

const upgradeHeaders = [
  'Upgrade: websocket',
  'Connection: Upgrade',
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
  'Sec-WebSocket-Version: 13',
];

describe('malformed HTTP requests, without the token', () => {
  test('control: a normal contract call works', async () => {
    expect(await contractCall()).toMatchObject({ ok: true });
  });

  test('a request target the URL parser refuses (absolute-form « http://[ »): 400, the host lives', async () => {
    const answer = await raw(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectAlive();
  });

  test('the same target on a WebSocket upgrade: refused, the host lives', async () => {
    const answer = await raw(
      [`GET http://[ HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...upgradeHeaders, '', ''].join('\r\n'),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectAlive();
  });
});
