import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_NAMES } from '../../../main/contract/api';
import type { Handlers } from '../../../main/core/api/dispatch';
import { EventBus } from '../../../main/core/events';
import { startWebHost, type WebHost } from '../../../main/web/server';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sceau-webhost-'));
const rendererDir = path.join(tmp, 'renderer');
const inboxDir = path.join(tmp, 'inbox');
const bus = new EventBus();
let host: WebHost;
const calls: string[] = [];

function handlers(): Handlers {
  const all: Record<string, (r: unknown) => Promise<unknown>> = {};
  for (const c of CHANNEL_NAMES) all[c] = async (r) => (calls.push(c), { echo: r });
  return all as unknown as Handlers;
}

beforeAll(async () => {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sceau</title>');
  writeFileSync(path.join(tmp, 'secret.txt'), 'top secret');
  host = await startWebHost({
    handlers: handlers(),
    onEvent: (l) => bus.on(l),
    rendererDir,
    inboxDir,
    resolveExport: (id) =>
      id === 'known' ? { path: path.join(tmp, 'secret.txt'), fileName: 'attestation.pdf' } : null,
  });
});
afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

function connect(opts: { token?: string; origin?: string }): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const protocols = ['sceau.v1', ...(opts.token ? [`token.${opts.token}`] : [])];
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, protocols, opts.origin ? { origin: opts.origin } : {});
    ws.on('open', () => resolve({ ws, status: null }));
    ws.on('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? null }));
    ws.on('error', () => resolve({ ws: null, status: null }));
  });
}

function call(ws: WebSocket, channel: string, request: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (raw: WebSocket.RawData) => {
      const frame = JSON.parse(String(raw)) as { kind: string; id?: number; envelope?: unknown };
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.envelope);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'call', id, channel, request }));
  });
}

describe('web host', () => {
  it('binds 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.launchUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a WebSocket without the token', async () => {
    const r = await connect({ origin: `http://127.0.0.1:${host.port}` });
    expect(r.ws).toBeNull();
    expect(r.status).toBe(401);
  });

  it('refuses a WebSocket with a wrong token', async () => {
    const r = await connect({ token: 'f'.repeat(64), origin: `http://127.0.0.1:${host.port}` });
    expect(r.status).toBe(401);
  });

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null']) {
      const r = await connect({ token: host.token, origin });
      expect(r.status, origin).toBe(403);
    }
    const none = await connect({ token: host.token });
    expect(none.status).toBe(403);
  });

  it('serves the contract with the token from our own origin, validating payloads', async () => {
    const { ws } = await connect({ token: host.token, origin: `http://127.0.0.1:${host.port}` });
    expect(ws).not.toBeNull();
    const ok = (await call(ws!, 'getDocument', { id: 'abc' })) as { ok: boolean; value: unknown };
    expect(ok).toEqual({ ok: true, value: { echo: { id: 'abc' } } });
    const bad = (await call(ws!, 'getDocument', { id: 42 })) as { ok: boolean; error: { message: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.message).toMatch(/Demande refusée/);
    const unknown = (await call(ws!, 'readFile', { path: '/etc/passwd' })) as { ok: boolean };
    expect(unknown.ok).toBe(false);
    ws!.close();
  });

  it('forwards core events to connected clients', async () => {
    const { ws } = await connect({ token: host.token, origin: `http://127.0.0.1:${host.port}` });
    const got = new Promise<unknown>((resolve) => ws!.once('message', (raw) => resolve(JSON.parse(String(raw)))));
    bus.emit({ type: 'notification', level: 'success', title: 'Versé', body: '8 documents versés' });
    expect(await got).toEqual({
      kind: 'event',
      event: { type: 'notification', level: 'success', title: 'Versé', body: '8 documents versés' },
    });
    ws!.close();
  });

  it('groups the events of one burst into few frames, in order, before the answer that follows them', async () => {
    // A 10,000-file drop emits 40,000 events: one frame each cost the page more than the intake (issue 18).
    const { ws } = await connect({ token: host.token, origin: `http://127.0.0.1:${host.port}` });
    const frames: Array<{ kind: string; event?: { body: string }; events?: Array<{ body: string }> }> = [];
    ws!.on('message', (raw) => frames.push(JSON.parse(String(raw)) as (typeof frames)[number]));
    const answered = new Promise<void>((resolve) =>
      ws!.on('message', (raw) => {
        if ((JSON.parse(String(raw)) as { kind: string }).kind === 'result') resolve();
      }),
    );
    for (let i = 0; i < 3000; i++) bus.emit({ type: 'notification', level: 'info', title: 'n', body: String(i) });
    // A call answered right after the burst: its result comes after every event of the burst.
    ws!.send(JSON.stringify({ kind: 'call', id: 7, channel: 'getDocument', request: { id: 'x' } }));
    await answered;
    const kinds = frames.map((f) => f.kind);
    expect(kinds.at(-1)).toBe('result');
    const bodies = frames.flatMap((f) => (f.kind === 'events' ? f.events! : f.kind === 'event' ? [f.event!] : []));
    expect(bodies.map((e) => e.body)).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
    expect(frames.length).toBeLessThan(30);
    ws!.close();
  });

  it('leaves out the « done » of a file sealed in one go, which the page ignores; a streamed seal keeps its progress and end', async () => {
    // 10,000 small files are 10,000 such events per drop (renderer/src/stores/documents.ts drops them).
    const { ws } = await connect({ token: host.token, origin: `http://127.0.0.1:${host.port}` });
    const got: Array<{ type: string; path?: string; bytes?: number; body?: string }> = [];
    const ended = new Promise<void>((resolve) =>
      ws!.on('message', (raw) => {
        const f = JSON.parse(String(raw)) as { kind: string; event?: (typeof got)[number]; events?: typeof got };
        for (const e of f.kind === 'events' ? f.events! : f.event ? [f.event] : []) {
          got.push(e);
          if (e.type === 'notification') resolve();
        }
      }),
    );
    for (let i = 0; i < 100; i++)
      bus.emit({ type: 'seal.progress', path: `/in/${i}.pdf`, bytes: 4096, totalBytes: 4096 });
    bus.emit({ type: 'seal.progress', path: '/in/gros.pdf', bytes: 1, totalBytes: 9 });
    bus.emit({ type: 'seal.progress', path: '/in/vide.pdf', bytes: 0, totalBytes: 0 });
    bus.emit({ type: 'seal.progress', path: '/in/gros.pdf', bytes: 9, totalBytes: 9 });
    // Once its end went out, a later « done » for the same path is again a one-go seal.
    bus.emit({ type: 'seal.progress', path: '/in/gros.pdf', bytes: 9, totalBytes: 9 });
    bus.emit({ type: 'notification', level: 'info', title: 'fin', body: 'fin' });
    await ended;
    expect(got.map((e) => `${e.type} ${e.path ?? e.body} ${e.bytes ?? ''}`.trim())).toEqual([
      'seal.progress /in/gros.pdf 1',
      'seal.progress /in/vide.pdf 0',
      'seal.progress /in/gros.pdf 9',
      'notification fin',
    ]);
    ws!.close();
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const traversal = await fetch(`${host.url}..%2Fsecret.txt`);
    expect(traversal.status).toBe(404);
    expect(await traversal.text()).not.toContain('top secret');
  });

  it('accepts uploads and exports only with the token, and keeps uploads inside the inbox', async () => {
    const anonymous = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: { 'X-Sceau-Name': 'a.pdf' },
      body: 'x',
    });
    expect(anonymous.status).toBe(401);
    const evil = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'X-Sceau-Name': encodeURIComponent('../../escape.pdf') },
      body: 'x',
    });
    expect(evil.status).toBe(400);
    const good = await fetch(`${host.url}upload`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${host.token}`,
        'X-Sceau-Name': encodeURIComponent('Délibérations/DE_2024_045_budget.pdf'),
      },
      body: '%PDF-1.7 test',
    });
    expect(good.status).toBe(200);
    const { uploadId } = (await good.json()) as { uploadId: string };
    const stored = path.join(inboxDir, uploadId, 'Délibérations', 'DE_2024_045_budget.pdf');
    expect(readFileSync(stored, 'utf8')).toBe('%PDF-1.7 test');
    expect(readdirSync(path.join(inboxDir, uploadId, 'Délibérations'))).toEqual(['DE_2024_045_budget.pdf']);

    expect((await fetch(`${host.url}exports/known`)).status).toBe(401);
    const exp = await fetch(`${host.url}exports/known`, { headers: { Authorization: `Bearer ${host.token}` } });
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-disposition')).toContain('attestation.pdf');
    expect(
      (await fetch(`${host.url}exports/unknown`, { headers: { Authorization: `Bearer ${host.token}` } })).status,
    ).toBe(404);
  });
});
