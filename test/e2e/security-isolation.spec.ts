// Renderer isolation in the web host (the same renderer Electron loads): no Node in the
// page, no raw channel access, the WebSocket refuses what the contract does not name or
// whoever lacks the token/origin, no file: reads, and the CSP stops injected scripts.
import WebSocket from 'ws';
import { CHANNEL_NAMES } from '../../main/contract/api';
import { expect, test } from './fixtures';

const EXTRA_API = ['onEvent', 'intakeFiles', 'download'];

interface Envelope {
  ok: boolean;
  error?: { code: string; message: string };
}

test.describe('isolation du moteur de rendu (hôte web)', () => {
  test.beforeEach(async ({ page, app }) => {
    await app.open(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue dans Sceau' })).toBeVisible();
  });

  test('pas de Node.js ni de canal brut dans la page', async ({ page }) => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
      buffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
      // Any global that looks like a transport or a generic invoke.
      suspicious: Object.getOwnPropertyNames(window).filter((k) => /ipc|electron|invoke|^__sceau|^sceau/i.test(k)),
      sceauKeys: (window as { sceau?: object }).sceau
        ? Object.keys((window as unknown as { sceau: object }).sceau).sort()
        : null,
    }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.module).toBe('undefined');
    expect(globals.buffer).toBe('undefined');
    // The web host exposes no global API object at all: its client lives in a module closure.
    expect(globals.sceauKeys).toBeNull();
    expect(globals.suspicious).toEqual([]);
  });

  test('le client web n’offre que les fonctions du contrat', async () => {
    // The very object the renderer uses in the web host, built outside a page: its keys must
    // be the contract's functions plus the three helpers, never a generic invoke/send.
    const g = globalThis as Record<string, unknown>;
    const saved = { window: g.window, sessionStorage: g.sessionStorage, history: g.history };
    g.window = { location: { hash: '', pathname: '/', search: '', href: 'http://127.0.0.1:1/' } };
    g.sessionStorage = { getItem: () => null, setItem: () => undefined };
    g.history = { replaceState: () => undefined };
    try {
      const { createWebClient } = await import('../../renderer/src/bridge/web-client');
      const keys = Object.keys(createWebClient()).sort();
      expect(keys).toEqual([...CHANNEL_NAMES, ...EXTRA_API].sort());
      expect(keys).not.toContain('invoke');
      expect(keys).not.toContain('send');
    } finally {
      Object.assign(g, saved);
    }
  });

  test('un message WebSocket forgé pour un canal inconnu est refusé', async ({ page }) => {
    const replies = await page.evaluate(async () => {
      const token = sessionStorage.getItem('sceau.token') ?? '';
      const url = new URL('api', location.href);
      url.protocol = 'ws:';
      const ws = new WebSocket(url.toString(), ['sceau.v1', `token.${token}`]);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error('socket refused'));
      });
      const frames = [
        { kind: 'call', id: 9001, channel: 'invoke', request: {} },
        { kind: 'call', id: 9002, channel: '__proto__', request: {} },
        { kind: 'call', id: 9003, channel: 'constructor', request: {} },
        { kind: 'call', id: 9004, channel: 'sceau:listProfiles', request: {} },
        { kind: 'call', id: 9005, channel: 'removeProfile', request: { id: '../../etc/passwd', extra: true } },
      ];
      const got = new Map<number, unknown>();
      const done = new Promise<void>((resolve) => {
        ws.onmessage = (m) => {
          const f = JSON.parse(String(m.data)) as { kind: string; id?: number; envelope?: unknown };
          if (f.kind === 'result' && typeof f.id === 'number') got.set(f.id, f.envelope);
          if (got.size === frames.length) resolve();
        };
      });
      for (const f of frames) ws.send(JSON.stringify(f));
      await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
      ws.close();
      return Object.fromEntries(got);
    });
    for (const id of [9001, 9002, 9003, 9004]) {
      const e = replies[id] as Envelope | undefined;
      expect(e?.ok, `frame ${id}`).toBe(false);
      expect(e?.error?.code, `frame ${id}`).toBe('unknown-channel');
      expect(e?.error?.message).toBe('Demande refusée : canal inconnu.');
    }
    // A real channel with a payload outside its schema is refused before any handler runs.
    const invalid = replies[9005] as Envelope | undefined;
    expect(invalid?.ok).toBe(false);
    expect(invalid?.error?.code).toBe('invalid');
  });

  test('sans jeton ou depuis une autre origine, pas de WebSocket', async ({ page, app }) => {
    const withoutToken = await page.evaluate(async () => {
      const url = new URL('api', location.href);
      url.protocol = 'ws:';
      const ws = new WebSocket(url.toString(), ['sceau.v1', 'token.0000']);
      return new Promise<string>((resolve) => {
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    });
    expect(withoutToken).toBe('refused');

    // The right token from another origin (a page on another site) is refused too.
    const token = await page.evaluate(() => sessionStorage.getItem('sceau.token') ?? '');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const host = new URL(app.launchUrl);
    const status = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://${host.host}/api`, ['sceau.v1', `token.${token}`], {
        origin: 'http://evil.example',
      });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
    expect(status).toBe('403');
  });

  test('file:///etc/passwd ne peut pas être lu', async ({ page }) => {
    const outcome = await page.evaluate(async () => {
      try {
        const r = await fetch('file:///etc/passwd');
        return `read ${(await r.text()).length} bytes`;
      } catch (e) {
        return `refused: ${(e as Error).name}`;
      }
    });
    expect(outcome).toMatch(/^refused/);
  });

  test('la CSP bloque un script injecté dans le DOM et eval', async ({ page, app }) => {
    const response = await page.request.get(new URL('/', app.launchUrl).toString());
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);

    const result = await page.evaluate(async () => {
      const w = window as unknown as { __injected?: number; __handler?: number };
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1;';
      document.body.appendChild(s);
      const host = document.createElement('div');
      host.innerHTML = '<img src="data:," onerror="window.__handler = 1" onload="window.__handler = 1">';
      document.body.appendChild(host);
      // A string timer is compiled by the page itself (page.evaluate's own code is exempt
      // from the eval rule: DevTools evaluation), so it shows whether 'unsafe-eval' holds.
      (window.setTimeout as unknown as (code: string, ms: number) => number)('window.__timer = 1', 0);
      await new Promise((r) => setTimeout(r, 500));
      return {
        injected: w.__injected ?? null,
        handler: w.__handler ?? null,
        timer: (window as unknown as { __timer?: number }).__timer ?? null,
        violations,
      };
    });
    expect(result.injected).toBeNull();
    expect(result.handler).toBeNull();
    expect(result.timer).toBeNull();
    expect(result.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
