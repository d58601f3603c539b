// A commune's archive password survives a change of its archive address, and removing the
// commune leaves no secret behind in the keychain. Real engine, real keychain (GNOME Keyring
// over D-Bus when the run has one, as scripts/test-all.sh gives it; session memory otherwise).
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { accountFor } from '../../../main/core/credentials/credential-store';
import { KeychainCredentialStore } from '../../../main/core/credentials/keychain-store';
import { openEngine, pdfBytes, tempDir, writeFiles } from './helpers';

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

describe('supprimer une commune pendant qu’un fichier arrive', () => {
  it('ne perd ni le mot de passe ni le document : la suppression est refusée en français', async () => {
    const created = await engine.handlers.createProfile({
      profile: { name: 'Commune de Guissény', siren: '212900693', archiveKind: 'asalae', endpoints: [{ url: OLD }] },
      password: 'secret-guisseny',
    });
    const [file] = writeFiles(path.join(root, 'drop-guisseny'), { 'deliberation.pdf': pdfBytes('Délibération') });
    const watched = path.join(root, 'watched-guisseny');
    writeFiles(watched, { 'lisez-moi.txt': 'dossier surveillé' });
    await engine.handlers.addFolder({ profileId: created.id, path: watched, mode: 'auto', exclusions: [] });
    // The removal starts first; the file is sealed while it waits on the keychain.
    const removal = engine.handlers.removeProfile({ id: created.id });
    const intake = engine.handlers.intakePaths({ profileId: created.id, paths: [file!] });
    const [intook, removed] = await Promise.allSettled([intake, removal]);
    const profile = (await engine.handlers.listProfiles({})).find((x) => x.id === created.id);
    if (removed.status === 'fulfilled') {
      // Removed first: the intake was refused, nothing refers to the commune any more.
      expect(profile).toBeUndefined();
      expect(intook.status === 'rejected' || intook.value.accepted === 0).toBe(true);
      // The file is told in French, not with SQLite's words.
      const reasons =
        intook.status === 'fulfilled' ? intook.value.ignored.map((i) => i.reason) : [(intook.reason as Error).message];
      for (const reason of reasons) expect(reason).not.toMatch(/constraint|FOREIGN/i);
      expect(reasons.join(' ')).toMatch(/commune/);
    } else {
      expect(String((removed.reason as Error).message)).toMatch(/document|commune/);
      expect(String((removed.reason as Error).message)).not.toMatch(/constraint|FOREIGN/i);
      expect(profile?.hasPassword).toBe(true);
      if (hasBus) expect(await secretAt(created.id, OLD)).toBe('secret-guisseny');
    }
  });
});

describe('mot de passe vide', () => {
  it('un enregistrement avec un mot de passe vide garde le mot de passe du trousseau', async () => {
    const created = await engine.handlers.createProfile({
      profile: { name: 'Commune de Plounéour', siren: '212901030', archiveKind: 'asalae', endpoints: [{ url: OLD }] },
      password: 'secret-plouneour',
    });
    const saved = await engine.handlers.updateProfile({ id: created.id, profile: { login: 'mairie' }, password: '' });
    expect(saved.hasPassword).toBe(true);
    if (hasBus) expect(await secretAt(created.id, OLD)).toBe('secret-plouneour');
    // A new commune saved with an empty password has none (not an empty one).
    const bare = await engine.handlers.createProfile({
      profile: { name: 'Commune de Brignogan', siren: '212900024', archiveKind: 'asalae', endpoints: [{ url: NEW }] },
      password: '',
    });
    expect(bare.hasPassword).toBe(false);
  });
});

describe('doublon de commune', () => {
  it('renommer une commune comme une autre (même SIREN) est refusé, comme à la création', async () => {
    const a = await engine.handlers.createProfile({
      profile: { name: 'Commune de Lilia', siren: '212900700', archiveKind: 'demo' },
    });
    const b = await engine.handlers.createProfile({
      profile: { name: 'Commune de Lilia (essai)', siren: '212900700', archiveKind: 'demo' },
    });
    await expect(engine.handlers.updateProfile({ id: b.id, profile: { name: 'Commune de Lilia' } })).rejects.toThrow(
      /a déjà un profil/,
    );
    // Saving a commune under its own name stays possible.
    expect((await engine.handlers.updateProfile({ id: a.id, profile: { name: 'Commune de Lilia' } })).name).toBe(
      'Commune de Lilia',
    );
  });
});
