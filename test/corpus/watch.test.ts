// Bad inputs in a watched folder (engine.handlers.addFolder, native watching): symlink
// loops, symlinks escaping the folder, a file still being written, odd names, and folders
// that must not be watched. Right behaviour: symlinks are never followed (the catch-up scan
// already says so), only real files inside the folder are sealed, each exactly once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../main/core/events';
import { waitForValue } from '../tools/wait';
import {
  expectFrenchOnly,
  expectSealedAs,
  expectSourcesUntouched,
  expectVaultAndJournalVerify,
  openCorpusEngine,
  type CorpusEngine,
} from './corpus-helpers';
import { grower, ODD_NAMES, pdf, sha256, symlinkTraps, waitForSize, write } from './generate';

let c: CorpusEngine;
const events: CoreEvent[] = [];
const sources: Record<string, string> = {};

beforeAll(async () => {
  c = await openCorpusEngine('surveille');
  c.engine.bus.on((e) => events.push(e));
});
afterAll(async () => {
  await c?.close();
});

const docsUnder = (dir: string) =>
  c.engine.parts.documents
    .list({ profileId: c.profileId }, { limit: 10_000 })
    .items.filter((d) => d.sourcePath.startsWith(dir + path.sep));

function keep(p: string): string {
  sources[p] = sha256(readFileSync(p));
  return p;
}

describe('a watched folder full of traps', () => {
  const watched = () => path.join(c.root, 'mairie');
  const outside = () => path.join(c.root, 'ailleurs');
  let traps: ReturnType<typeof symlinkTraps>;
  let later: ReturnType<typeof symlinkTraps>;
  const real: string[] = [];
  let growing: { path: string; final: Promise<{ sha256: string; size: number }> };

  beforeAll(async () => {
    // Before watching: the catch-up scan meets them.
    real.push(keep(write(watched(), 'DE_2024_010_budget.pdf', pdf('budget surveille'))));
    real.push(keep(write(watched(), 'sous-dossier/AR_2024_011_voirie.pdf', pdf('voirie surveillee'))));
    real.push(keep(write(watched(), `noms/${ODD_NAMES.emoji}`, pdf('emoji surveille'))));
    real.push(keep(write(watched(), `noms/${ODD_NAMES.nfd}`, pdf('nfd surveille'))));
    traps = symlinkTraps(watched(), outside());
    const folder = await c.engine.handlers.addFolder({
      profileId: c.profileId,
      path: watched(),
      mode: 'native',
      exclusions: [],
    });
    expect(folder.status).toBe('watching');
    expect(folder.effectiveMode).toBe('native');
    await c.engine.parts.capture.rescan(c.profileId);

    // While watching: the live notifications meet the same traps, and a file being written.
    later = symlinkTraps(path.join(watched(), 'plus-tard'), path.join(outside(), 'plus-tard'));
    real.push(keep(write(watched(), 'plus-tard/DE_2024_012_nouveau.pdf', pdf('nouveau surveille'))));
    const target = path.join(watched(), 'AR_2024_013_scan en cours.pdf');
    const g = grower(target, { forMs: 2500, everyMs: 100, chunk: 8192 });
    await waitForSize(target, 10);
    growing = { path: target, final: g.done };
    const final = await g.done;
    await waitForValue(
      'the growing file sealed',
      async () => docsUnder(watched()).some((d) => d.sourcePath === target && d.size === final.size),
      20_000,
    );
    await waitForValue(
      'the new file sealed',
      async () => docsUnder(watched()).some((d) => d.fileName === 'DE_2024_012_nouveau.pdf'),
      20_000,
    );
    // Leave time for any late (wrong) capture through the links, then a full catch-up scan.
    await new Promise((r) => setTimeout(r, 1500));
    await c.engine.parts.capture.rescan(c.profileId);
    await c.engine.parts.capture.idle();
  }, 60_000);

  it('every real file is sealed exactly once, intact', () => {
    for (const f of real) {
      const docs = docsUnder(watched()).filter((d) => d.sourcePath === f);
      expect(docs, f).toHaveLength(1);
      expectSealedAs(c.engine, docs[0]!.id, sources[f]!);
    }
  });

  it('a file written for 2.5 s is sealed once, with its final content', async () => {
    const final = await growing.final;
    const docs = docsUnder(watched()).filter((d) => d.sourcePath === growing.path);
    expect(docs.map((d) => d.size)).toEqual([final.size]);
    expectSealedAs(c.engine, docs[0]!.id, final.sha256, final.size);
  });

  it('nothing outside the folder is captured through a symlink (file or folder), before or during watching', () => {
    const secrets = [
      traps.secret,
      later.secret,
      path.join(outside(), 'dossier-externe/autre-secret.pdf'),
      path.join(outside(), 'plus-tard/dossier-externe/autre-secret.pdf'),
    ];
    const secretHashes = new Set(secrets.map((s) => sha256(readFileSync(s))));
    const leaked = docsUnder(watched()).filter((d) => secretHashes.has(d.fingerprintHex));
    expect(leaked.map((d) => d.sourcePath)).toEqual([]);
    expect(
      docsUnder(watched()).filter(
        (d) =>
          [traps.escapeFile, later.escapeFile].includes(d.sourcePath) ||
          d.sourcePath.startsWith(traps.escapeDir) ||
          d.sourcePath.startsWith(later.escapeDir),
      ),
    ).toEqual([]);
  });

  it('a symlink loop (two links, or a folder linking to its parent) creates no document and no duplicate', () => {
    const viaLinks = docsUnder(watched()).filter(
      (d) =>
        [traps.loopA, traps.loopB, later.loopA, later.loopB].includes(d.sourcePath) ||
        d.sourcePath.includes(`${path.sep}retour${path.sep}`),
    );
    expect(viaLinks.map((d) => d.sourcePath)).toEqual([]);
    expect(
      docsUnder(watched())
        .filter((d) => d.state === 'duplicate')
        .map((d) => d.sourcePath),
    ).toEqual([]);
  });

  it('whatever the watcher reported about the traps is in French', () => {
    for (const e of events) if (e.type === 'capture.error') expectFrenchOnly(e.message);
  });

  it('the sources, the vault and the journal are intact', async () => {
    expectSourcesUntouched(sources);
    await expectVaultAndJournalVerify(c.engine);
  });
});

describe('folders that must not be watched (or must be)', () => {
  it('a file is not a folder', async () => {
    const f = write(path.join(c.root, 'pas-un-dossier'), 'DE_2024_020_fichier.pdf', pdf('fichier'));
    await expect(
      c.engine.handlers.addFolder({ profileId: c.profileId, path: f, mode: 'auto', exclusions: [] }),
    ).rejects.toThrow(`« ${f} » n’est pas un dossier.`);
  });

  it("Sceau's own data folder (or a folder inside it) is refused", async () => {
    await expect(
      c.engine.handlers.addFolder({
        profileId: c.profileId,
        path: path.join(c.dataDir, 'vault'),
        mode: 'auto',
        exclusions: [],
      }),
    ).rejects.toThrow('Ce dossier appartient à Sceau lui-même : choisissez un dossier de documents.');
  });

  it("a folder that merely starts with the data folder's name is a normal folder", async () => {
    const sibling = `${c.dataDir}-documents`;
    keep(write(sibling, 'DE_2024_030_voisin.pdf', pdf('dossier voisin')));
    const folder = await c.engine.handlers.addFolder({
      profileId: c.profileId,
      path: sibling,
      mode: 'native',
      exclusions: [],
    });
    expect(folder.status).toBe('watching');
    await c.engine.parts.capture.rescan(c.profileId);
    expect(docsUnder(sibling).map((d) => d.fileName)).toEqual(['DE_2024_030_voisin.pdf']);
    await c.engine.handlers.removeFolder({ id: folder.id });
  });

  it("a folder that contains Sceau's data folder is refused: it never captures Sceau's own files (vault, database)", async () => {
    let folderId: string | null = null;
    try {
      const folder = await c.engine.handlers.addFolder({
        profileId: c.profileId,
        path: c.root,
        mode: 'native',
        exclusions: [],
      });
      folderId = folder.id;
      // Bounded wait: were Sceau's files captured, each seal would change its database and
      // vault again (an endless loop), so never wait for the capture to go idle here.
      await new Promise((r) => setTimeout(r, 2000));
    } catch (e) {
      expect((e as Error).message).toBe(
        'Ce dossier contient les données de Sceau (son coffre et sa base) : choisissez un dossier de documents qui ne les contient pas.',
      );
      expectFrenchOnly((e as Error).message);
    } finally {
      if (folderId) await c.engine.handlers.removeFolder({ id: folderId });
    }
    expect(docsUnder(c.dataDir).map((d) => d.relativePath)).toEqual([]);
    expect(folderId, 'refused').toBeNull();
  }, 30_000);
});
