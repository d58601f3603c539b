// Real OS keychain (GNOME Keyring over D-Bus). CI runs this file under:
//   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/integration/trust/keychain.test.ts'
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { accountFor } from '../../../main/core/credentials/credential-store';
import { KeychainCredentialStore } from '../../../main/core/credentials/keychain-store';
import {
  KEYCHAIN_UNAVAILABLE_MESSAGE,
  openCredentialStore,
} from '../../../main/core/credentials/open-credential-store';

const keyringEntry = pathToFileURL(createRequire(import.meta.url).resolve('@napi-rs/keyring')).href;
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus) {
  console.warn(
    '[keychain.test] Secret Service tests skipped: no DBUS_SESSION_BUS_ADDRESS. Run under ' +
      "dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/integration/trust/keychain.test.ts'",
  );
}

// A unique profile per run so parallel or aborted runs never see each other's entries.
const run = randomBytes(4).toString('hex');
const profileA = `test-a-${run}`;
const profileB = `test-b-${run}`;
const url = 'https://asalae.example.fr/restservices';

describe.skipIf(!hasBus)('keychain credential store (Secret Service)', () => {
  const store = new KeychainCredentialStore();
  const accounts = [accountFor(profileA, 'archive-password', url), accountFor(profileB, 'archive-password', url)];

  afterAll(async () => {
    for (const account of accounts) await store.delete(account).catch(() => false);
  });

  it('opens the keychain after a real probe', async () => {
    const status = await openCredentialStore('auto');
    expect(status.ok).toBe(true);
    if (status.ok) expect(status.kind).toBe('keychain');
  });

  it('stores, reads, updates and deletes a secret', async () => {
    const account = accounts[0]!;
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'mot de passe é à ç « »');
    expect(await store.get(account)).toBe('mot de passe é à ç « »');
    await store.set(account, 'nouveau');
    expect(await store.get(account)).toBe('nouveau');
    // A fresh instance reads what the daemon holds, not a cache.
    expect(await new KeychainCredentialStore().get(account)).toBe('nouveau');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps two profiles apart', async () => {
    const [a, b] = accounts as [string, string];
    await store.set(a, 'secret-A');
    await store.set(b, 'secret-B');
    expect(await store.get(a)).toBe('secret-A');
    expect(await store.get(b)).toBe('secret-B');
    await store.delete(a);
    expect(await store.get(a)).toBeNull();
    expect(await store.get(b)).toBe('secret-B');
  });
});

describe('keychain unavailable', () => {
  it('reports the French status, never falls back silently, and never echoes the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sceau-keychain-'));
    try {
      const script = join(dir, 'child.mjs');
      await build({
        entryPoints: [fileURLToPath(new URL('./fixtures/keychain-unavailable-child.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        // The native module stays where npm put it (ESM ignores NODE_PATH).
        plugins: [
          {
            name: 'keyring-external',
            setup(b) {
              b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: keyringEntry, external: true }));
            },
          },
        ],
        outfile: script,
        logLevel: 'silent',
      });
      const secret = `tres-secret-${run}`;
      const out = execFileSync(process.execPath, [script, secret], {
        cwd: process.cwd(),
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` },
        encoding: 'utf8',
      });
      const r = JSON.parse(out) as Record<string, unknown>;
      expect(r.autoOk).toBe(false);
      expect(r.autoMessage).toBe(KEYCHAIN_UNAVAILABLE_MESSAGE);
      expect(r.autoMessage).toContain('Aucun trousseau de clés n’est disponible sur ce poste');
      expect(r.autoFallback).toBe(true);
      expect(r.requiredOk).toBe(false);
      expect(r.requiredFallback).toBe(false);
      expect(r.sessionKind).toBe('session');
      expect(r.sessionValue).toBe('y');
      expect(r.setError).toMatch(/^CredentialError: Impossible d.enregistrer le secret/);
      expect(r.setError).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
