// A watched folder reached through a symbolic link is judged by where it really is: a link to
// Sceau's own data (its vault and database) is refused, and the same folder cannot be
// watched twice under two names.
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { useDemoEngine, tempDir } from './helpers';

const root = tempDir('sceau-folder-symlink-');
let engine: Engine;
let profileId: string;

useDemoEngine(root, (demo) => {
  engine = demo.engine;
  profileId = demo.profileIds[0]!;
});

describe('dossier surveillé derrière un lien symbolique', () => {
  it('un lien vers les données de Sceau est refusé en français', async () => {
    const link = path.join(root, 'raccourci-donnees');
    symlinkSync(path.join(root, 'data'), link);
    const check = await engine.handlers.checkFolder({ path: link });
    expect(check.ok).toBe(false);
    await expect(engine.handlers.addFolder({ profileId, path: link, mode: 'polling', exclusions: [] })).rejects.toThrow(
      /Sceau/,
    );
    const parentLink = path.join(root, 'raccourci-racine');
    symlinkSync(root, parentLink);
    await expect(
      engine.handlers.addFolder({ profileId, path: parentLink, mode: 'polling', exclusions: [] }),
    ).rejects.toThrow(/données de Sceau/);
    expect(await engine.handlers.listFolders({ profileId })).toEqual([]);
  });

  it('le même dossier sous deux noms n’est surveillé qu’une fois', async () => {
    const real = path.join(root, 'deliberations');
    mkdirSync(real);
    const alias = path.join(root, 'alias-deliberations');
    symlinkSync(real, alias);
    await engine.handlers.addFolder({ profileId, path: real, mode: 'polling', exclusions: [] });
    await expect(
      engine.handlers.addFolder({ profileId, path: alias, mode: 'polling', exclusions: [] }),
    ).rejects.toThrow(/déjà surveillé/);
    expect(await engine.handlers.listFolders({ profileId })).toHaveLength(1);
  });
});
