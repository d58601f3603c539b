// One bad WebSocket frame must not kill the web host (and the engine inside it). The host runs
// in its own process; each malformed frame is written raw on a TCP socket after a valid,
// authenticated upgrade; then the process must still be alive and serve a normal contract
// call on a new connection.
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

/** A raw TCP socket after a successful authenticated upgrade (101 read). */
function upgraded(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(
        [
          'GET /api HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Protocol: sceau.v1, token.${token}`,
          `Origin: http://127.0.0.1:${port}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(s);
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    s.on('data', onData);
    s.on('error', reject);
  });
}

/** A client frame: FIN + rsv bits + opcode, mask (or not), payload length in the header. */
function frame(o: {
  opcode: number;
  payload: Buffer;
  rsv?: number;
  masked?: boolean;
  fin?: boolean;
  declared?: number;
}) {
  const masked = o.masked ?? true;
  const len = o.declared ?? o.payload.length;
  const b0 = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | o.opcode;
  let header: Buffer;
  if (len < 126) header = Buffer.from([b0, (masked ? 0x80 : 0) | len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = b0;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!masked) return Buffer.concat([header, o.payload]);
  const key = randomBytes(4);
  const body = Buffer.from(o.payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

/** Writes the bytes and waits until the server closes that connection. */
async function sendAndWaitClose(bytes: Buffer): Promise<{ closeCode: number | null }> {
  const s = await upgraded();
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
    s.on('error', () => undefined);
    s.on('close', () => {
      // Server close frame: 0x88, len, code (2 bytes).
      const i = got.indexOf(0x88);
      resolve({ closeCode: i >= 0 && got.length >= i + 4 ? got.readUInt16BE(i + 2) : null });
    });
    s.write(bytes);
  });
}

function contractCall(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['sceau.v1', `token.${token}`], {
      origin: `http://127.0.0.1:${port}`,
    });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 7, channel: 'getSettings', request: {} })));
    ws.on('message', (raw: WebSocket.RawData) => {
      const f = JSON.parse(String(raw)) as { kind: string; id?: number; envelope?: unknown };
      if (f.kind === 'result' && f.id === 7) {
        ws.close();
        resolve(f.envelope);
      }
    });
  });
}

const text = (s: string) => Buffer.from(s, 'utf8');
const CASES: [string, Buffer, number][] = [
  ['oversize (declared 16 EiB-ish length)', frame({ opcode: 1, payload: Buffer.alloc(0), declared: 2 ** 40 }), 1009],
  [
    'oversize (declared just over the limit)',
    frame({ opcode: 2, payload: Buffer.alloc(0), declared: 8 * 1024 * 1024 + 1 }),
    1009,
  ],
  ['invalid UTF-8 in a text frame', frame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 1007],
  ['unmasked client frame', frame({ opcode: 1, payload: text('{}'), masked: false }), 1002],
  ['RSV1 without permessage-deflate', frame({ opcode: 1, payload: text('{}'), rsv: 4 }), 1002],
  ['RSV2 set', frame({ opcode: 1, payload: text('{}'), rsv: 2 }), 1002],
  ['RSV3 set', frame({ opcode: 1, payload: text('{}'), rsv: 1 }), 1002],
  ['reserved opcode 0x3', frame({ opcode: 3, payload: text('x') }), 1002],
  ['fragmented ping (control frame without FIN)', frame({ opcode: 9, payload: text('x'), fin: false }), 1002],
  ['continuation frame with nothing to continue', frame({ opcode: 0, payload: text('x') }), 1002],
  [
    'a message over the limit in small fragments (3 × 3 MiB)',
    Buffer.concat([
      frame({ opcode: 2, payload: Buffer.alloc(3 * 1024 * 1024), fin: false }),
      frame({ opcode: 0, payload: Buffer.alloc(3 * 1024 * 1024), fin: false }),
      frame({ opcode: 0, payload: Buffer.alloc(3 * 1024 * 1024) }),
    ]),
    1009,
  ],
  ['invalid UTF-8 in a close reason', frame({ opcode: 8, payload: Buffer.from([0x03, 0xe8, 0xc3, 0x28]) }), 1007],
];

describe('malformed WebSocket frames from an authenticated page', () => {
  test('control: a normal contract call works', async () => {
    expect(await contractCall()).toMatchObject({ ok: true });
  });

  test.each(CASES)(
    '%s: that connection is closed, the host lives and serves a new call',
    async (_name, bytes, code) => {
      const { closeCode } = await sendAndWaitClose(bytes);
      expect(closeCode).toBe(code);
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
      expect(await contractCall()).toMatchObject({ ok: true });
    },
  );

  test('a reset in the middle of a frame does not kill the host either', async () => {
    const s = await upgraded();
    s.write(frame({ opcode: 1, payload: text('{"kind":"call"') }).subarray(0, 5));
    s.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode).toBeNull();
    expect(await contractCall()).toMatchObject({ ok: true });
  });
});
