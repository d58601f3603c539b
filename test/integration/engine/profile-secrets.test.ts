// A commune's archive password survives a change of its archive address, and removing the
// commune leaves no secret behind in the keychain. Real engine, real keychain (GNOME Keyring
// over D-Bus when the run has one, as scripts/test-all.sh gives it; session memory otherwise).
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { accountFor } from '../../../main/core/credentials/credential-store';
import { KeychainCredentialStore } from '../../../main/core/credentials/keychain-store';
import { openEngine, tempDir } from './helpers';

const root = tempDir('sceau-profile-secrets-');
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
let engine: Engine;

beforeAll(async () => {
  engine = await openEngine(path.join(root, 'data'));
});

afterAll(async () => {
  await engine.close();
  rmSync(root, { recursive: true, force: true });
});

const OLD = 'https://asalae.exemple.fr/restservices';
const NEW = 'https://archives.exemple.fr/restservices';

/** What the OS keychain itself holds (a fresh store: no cache), or the engine's session store. */
async function secretAt(profileId: string, url: string): Promise<string | null> {
  const account = accountFor(profileId, 'archive-password', url);
  return hasBus ? new KeychainCredentialStore().get(account) : null;
}

describe('mot de passe d’une commune et adresse de l’archive', () => {
  it('changer l’adresse de l’archive garde le mot de passe, sans laisser l’ancien dans le trousseau', async () => {
    const created = await engine.handlers.createProfile({
      profile: {
        name: 'Commune de Kerlouan',
        siren: '212901022',
        archiveKind: 'asalae',
        endpoints: [{ url: OLD }],
        login: 'secretaire',
      },
      password: 'mot-de-passe-é',
    });
    expect(created.hasPassword).toBe(true);
    if (hasBus) expect(await secretAt(created.id, OLD)).toBe('mot-de-passe-é');

    const moved = await engine.handlers.updateProfile({ id: created.id, profile: { endpoints: [{ url: NEW }] } });
    expect(moved.hasPassword).toBe(true);
    if (hasBus) {
      expect(await secretAt(created.id, NEW)).toBe('mot-de-passe-é');
      expect(await secretAt(created.id, OLD)).toBeNull();
    }

    // A second address added later gets the same password by default.
    const two = await engine.handlers.updateProfile({
      id: created.id,
      profile: { endpoints: [{ url: NEW }, { url: OLD, label: 'Secours' }] },
    });
    expect(two.hasPassword).toBe(true);
    if (hasBus) expect(await secretAt(created.id, OLD)).toBe('mot-de-passe-é');

    await engine.handlers.removeProfile({ id: created.id });
    if (hasBus) {
      expect(await secretAt(created.id, NEW)).toBeNull();
      expect(await secretAt(created.id, OLD)).toBeNull();
    }
  });
});
