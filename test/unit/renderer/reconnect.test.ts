// The web host restarts (or the link drops) while a list is on screen: the events of the
// outage are lost, so once the page is connected again every shown list must refetch —
// otherwise « En attente d’envoi » stays on screen for acts the archive already accepted.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';

let server: WebSocketServer;
const sockets: ServerSocket[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sceau.v1' });
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const storage = new Map<string, string>();
  Object.assign(globalThis, {
    window: { location: { href: `http://127.0.0.1:${port}/`, hash: '#token=t', pathname: '/', search: '' } },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
    history: { replaceState: () => undefined },
  });
});

afterAll(async () => {
  for (const s of sockets) s.terminate();
  await new Promise((resolve) => server.close(resolve));
});

describe('web client after a lost connection', () => {
  it('refetches every shown list once the host is reachable again', async () => {
    const { connectEvents } = await import('../../../renderer/src/stores/events');
    const { onTopic } = await import('../../../renderer/src/data/topics');
    const seen: string[] = [];
    const offs = (['documents', 'sync', 'folders', 'profiles'] as const).map((topic) =>
      onTopic(topic, () => seen.push(topic)),
    );
    const off = connectEvents();
    try {
      await expect.poll(() => sockets.length, { timeout: 5000 }).toBe(1);
      expect(seen).toEqual([]);
      // The host goes away, then comes back: the page reconnects on its own.
      sockets[0]?.terminate();
      await expect.poll(() => sockets.length, { timeout: 5000 }).toBe(2);
      await expect
        .poll(() => [...new Set(seen)].sort(), { timeout: 5000 })
        .toEqual(['documents', 'folders', 'profiles', 'sync']);
    } finally {
      off();
      for (const o of offs) o();
    }
  });
});
