import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  ELECTRON_CSP,
  isAllowedExternal,
  isAllowedNavigation,
  isTrustedSender,
  secureWebPreferences,
} from '../../../main/electron/secure-web-preferences';
import { contentSecurityPolicy } from '../../../main/web/server';

describe('secure window factory settings', () => {
  it('isolates the renderer from Node and keeps web security on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('only lets the top frame of our own window on our own origin call IPC', () => {
    const ok = { frameUrl: APP_ENTRY, isMainFrame: true, fromKnownWindow: true };
    expect(isTrustedSender(ok)).toBe(true);
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, fromKnownWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'file:///etc/passwd' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: null })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'sceau://app.evil/index.html' })).toBe(false);
  });

  it('allows navigation only inside the app and external links only from the allowlist, in https', () => {
    expect(isAllowedNavigation('sceau://app/index.html')).toBe(true);
    expect(isAllowedNavigation('https://www.megalis.bzh/')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternal('https://www.megalis.bzh/page')).toBe(true);
    expect(isAllowedExternal('http://www.megalis.bzh/page')).toBe(false);
    expect(isAllowedExternal('https://www.megalis.bzh.evil.com/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('not a url')).toBe(false);
  });

  it('sends a strict CSP without unsafe-inline or unsafe-eval for scripts, in both hosts', () => {
    for (const csp of [ELECTRON_CSP, contentSecurityPolicy(4321)]) {
      const script = csp
        .split(';')
        .map((s) => s.trim())
        .find((s) => s.startsWith('script-src'));
      expect(script).toBe("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(contentSecurityPolicy(4321)).toContain('ws://127.0.0.1:4321');
  });
});
