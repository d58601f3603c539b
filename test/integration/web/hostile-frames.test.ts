// One bad WebSocket frame must not kill the web host (and the engine inside it). The host runs
// in its own process; each malformed frame is written raw on a TCP socket after a valid,
// authenticated upgrade; then the process must still be alive and serve a normal contract
// call on a new connection.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contractCall as callOn, rawUpgrade, startHostProcess, type HostProcess } from './host-process';

let host: HostProcess;
beforeAll(async () => {
  host = await startHostProcess();
}, 60_000);
afterAll(() => {
  host.child.kill('SIGKILL');
});

const upgraded = () => rawUpgrade(host);
const contractCall = () => callOn(host);

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
      expect(host.child.exitCode).toBeNull();
      expect(host.child.signalCode).toBeNull();
      expect(await contractCall()).toMatchObject({ ok: true });
    },
  );

  test('a reset in the middle of a frame does not kill the host either', async () => {
    const s = await upgraded();
    s.write(frame({ opcode: 1, payload: text('{"kind":"call"') }).subarray(0, 5));
    s.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(host.child.exitCode).toBeNull();
    expect(await contractCall()).toMatchObject({ ok: true });
  });
});
