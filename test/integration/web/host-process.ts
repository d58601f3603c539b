// The web host in its own process, for the hostile-input suites: a crash there must show as
// the child's exit, never take the test runner down. Also a raw authenticated upgrade (for
// bytes no WebSocket library would send) and one normal contract call (the host still serves).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { bundle } from '../sync/child-process';

export interface HostProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** What the host wrote on stderr so far. */
  stderr(): string;
}

/** Starts `children/web-host-child.ts` (bundled) and reads its port and token. */
export async function startHostProcess(env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const script = await bundle(new URL('./children/web-host-child.ts', import.meta.url).pathname);
  const child = spawn(process.execPath, [script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  return { child, port, token, stderr: () => stderr };
}

/** The headers of a WebSocket upgrade, with a fresh key. */
export function upgradeHeaders(): string[] {
  return [
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
  ];
}

/** A raw TCP socket after a successful authenticated upgrade (101 read). */
export function rawUpgrade(h: Pick<HostProcess, 'port' | 'token'>): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(h.port, '127.0.0.1', () => {
      s.write(
        [
          'GET /api HTTP/1.1',
          `Host: 127.0.0.1:${h.port}`,
          ...upgradeHeaders(),
          `Sec-WebSocket-Protocol: sceau.v1, token.${h.token}`,
          `Origin: http://127.0.0.1:${h.port}`,
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

/** One `getSettings` call on a new connection: its envelope. */
export function contractCall(h: Pick<HostProcess, 'port' | 'token'>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api`, ['sceau.v1', `token.${h.token}`], {
      origin: `http://127.0.0.1:${h.port}`,
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
