// The desktop shell's parts at their module boundary, with the documented fake `electron`
// (fake-electron.ts) and REAL engine parts (a started demo engine, real files, the real
// grouping of the core): tray tooltip and icon follow the status events with the same words
// as the renderer; system notifications come grouped, obey the setting, never stack; the
// folder picker grants what was chosen; « Ouvrir le dossier » opens only a folder the
// engine names; any export the engine registers (a CSV list too) downloads through the
// same save dialog.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreEvent, DownloadOutcome, Envelope } from '../../main/contract/api';
import { DOWNLOAD_CHANNEL } from '../../main/contract/api';
import { EventBus } from '../../main/core/events';
import type { Engine } from '../../main/core/engine';
import { folderToOpen } from '../../main/core/app/handlers/diagnostics';
import { VerdictNotifications } from '../../main/core/sync/notifications';
import { archiveStatus } from '../../renderer/src/lib/status';
import { openDemoEngine, pdfBytes, tempDir, writeFiles } from '../integration/engine/helpers';
import { waitForValue } from '../tools/wait';
import { ENGINE_NODE_FLAGS } from '../../scripts/engine-flags.mjs';
import { createFakeElectron } from './fake-electron';

const root = tempDir('sceau-desktop-');
const fake = createFakeElectron(path.join(root, 'Téléchargements'));
vi.mock('electron', () => fake.module);

const { createStatusTray } = await import('../../main/electron/tray');
const { createDesktopNotifier } = await import('../../main/electron/notifications');
const { desktopFolderHandlers } = await import('../../main/electron/folders');
const { registerDownloads } = await import('../../main/electron/downloads');
const { withLoginItem } = await import('../../main/electron/login-item');

const iconsDir = path.resolve('assets/icons/tray');
let engine: Engine;
let profileId: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const demo = await openDemoEngine(root);
  ({ engine, close } = demo);
  profileId = demo.profileIds[0]!;
  registerDownloads({
    resolveExport: (id) => engine.resolveExport(id),
    trusted: () => true,
    log: () => undefined,
  });
});

afterAll(() => close());

const at = '2026-12-07T10:00:00.000Z';
const sync0 = { online: true, paused: false, reason: null, pendingCount: 0 } as const;

describe('icône de la barre des tâches', () => {
  it('l’infobulle et l’icône suivent les événements, avec les mots du bandeau de l’application', () => {
    const calls: string[] = [];
    const t = createStatusTray({
      iconsDir,
      initial: sync0,
      openWindow: () => calls.push('open'),
      openDataFolder: () => calls.push('data'),
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      quit: () => calls.push('quit'),
    });
    const tray = fake.trays.at(-1)!;
    // The renderer's fold, fed the same events, must say the same words.
    let reach: { reachable: boolean; message: string; at: string } | undefined;
    let sync: { online: boolean; paused: boolean; reason: 'user' | 'offline' | null; pendingCount: number } = {
      ...sync0,
    };
    const both = (e: CoreEvent) => {
      t.onEvent(e);
      if (e.type === 'connectivity') {
        reach = { reachable: e.reachable, message: e.message, at: e.at };
        sync = { ...sync, online: e.reachable };
      }
      if (e.type === 'sync.status')
        sync = { ...sync, paused: e.paused, reason: e.reason as 'user' | null, pendingCount: e.pendingCount };
      const label = archiveStatus(reach, sync).label;
      expect(tray.tooltip.startsWith(`Sceau — ${label}`)).toBe(true);
      return tray.tooltip;
    };

    expect(tray.tooltip).toBe('Sceau — Archive pas encore contactée');
    expect(both({ type: 'connectivity', profileId, reachable: true, message: '', at })).toBe(
      'Sceau — Archive joignable',
    );
    expect(tray.image.path).toBe(path.join(iconsDir, 'idle.png'));
    expect(both({ type: 'sync.status', paused: false, reason: null, pendingCount: 3 })).toBe(
      'Sceau — Archive joignable — 3 documents en attente',
    );
    expect(tray.image.path).toBe(path.join(iconsDir, 'syncing.png'));
    expect(both({ type: 'connectivity', profileId, reachable: false, message: 'délai dépassé', at })).toBe(
      'Sceau — Archive injoignable — 3 documents en attente',
    );
    expect(tray.image.path).toBe(path.join(iconsDir, 'offline.png'));
    both({ type: 'connectivity', profileId, reachable: true, message: '', at });
    expect(both({ type: 'sync.status', paused: true, reason: 'user', pendingCount: 3 })).toBe(
      'Sceau — Envois en pause — 3 documents en attente',
    );
    expect(tray.image.path).toBe(path.join(iconsDir, 'paused.png'));
    // Every icon the tray names is a real file (an empty image shows nothing in the tray).
    expect(tray.image.isEmpty()).toBe(false);
    for (const name of ['idle', 'syncing', 'offline', 'paused'])
      expect(existsSync(path.join(iconsDir, `${name}.png`))).toBe(true);

    // The menu: state first (not clickable), then its actions; paused offers « Reprendre ».
    const labels = tray.menu.map((i) => i.label ?? i.type);
    expect(labels).toEqual([
      'Envois en pause — 3 documents en attente',
      'separator',
      'Ouvrir Sceau',
      'Reprendre les envois',
      'Ouvrir le dossier des données',
      'separator',
      'Quitter Sceau',
    ]);
    expect(tray.menu[0]?.enabled).toBe(false);
    for (const label of ['Ouvrir Sceau', 'Reprendre les envois', 'Ouvrir le dossier des données', 'Quitter Sceau'])
      tray.menu.find((i) => i.label === label)?.click?.();
    expect(calls).toEqual(['open', 'resume', 'data', 'quit']);
    // Unchanged status: nothing redrawn.
    const redraws = tray.tooltips.length;
    t.onEvent({ type: 'sync.status', paused: true, reason: 'user', pendingCount: 3 });
    expect(tray.tooltips.length).toBe(redraws);
  });
});

describe('notifications du système', () => {
  it('trois fichiers arrivés dans un dossier surveillé : UNE notification, qui ouvre la fenêtre', async () => {
    let opened = 0;
    let enabled = true;
    const notifier = createDesktopNotifier({ enabled: () => enabled, openWindow: () => (opened += 1) });
    const off = engine.bus.on((e) => notifier.onEvent(e));
    try {
      const dir = path.join(root, 'Délibérations');
      mkdirSync(dir, { recursive: true });
      await engine.handlers.addFolder({ profileId, path: dir });
      const before = fake.notifications.length;
      writeFiles(dir, {
        'DE_2024_045_Tarifs cantine.pdf': pdfBytes('Tarifs'),
        'DE_2024_046_Voirie.pdf': pdfBytes('Voirie'),
        'DE_2024_047_Budget.pdf': pdfBytes('Budget'),
      });
      const shown = await waitForValue(
        'one system notification',
        async () => (fake.notifications.length > before ? fake.notifications.slice(before) : null),
        30_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(fake.notifications.slice(before)).toHaveLength(1);
      expect(shown[0]?.options.title).toBe('3 fichiers arrivés dans « Délibérations »');
      expect(shown[0]?.shown).toBe(true);
      shown[0]?.click();
      expect(opened).toBe(1);

      // « Notifications » off in Paramètres: nothing on the desktop.
      enabled = false;
      const quiet = fake.notifications.length;
      writeFiles(dir, { 'DE_2024_048_Ecole.pdf': pdfBytes('Ecole') });
      await new Promise((r) => setTimeout(r, 3_000));
      expect(fake.notifications.length).toBe(quiet);
    } finally {
      off();
    }
  });

  it('trois documents acceptés par l’archive : une notification « 3 documents versés » ; la suivante remplace celle à l’écran', () => {
    const bus = new EventBus();
    const notifier = createDesktopNotifier({ enabled: () => true, openWindow: () => undefined });
    bus.on((e) => notifier.onEvent(e));
    let pending = 2;
    const verdicts = new VerdictNotifications({
      bus,
      clock: { setTimeout: () => 0, clearTimeout: () => undefined },
      store: { documentCount: () => 1, counts: () => ({ pending, blocked: 0 }) },
      settings: () => ({ notifyDelayMs: 1000 }),
    });
    const before = fake.notifications.length;
    for (const id of ['t1', 't2', 't3']) {
      verdicts.verdict(id, true, '');
      pending -= 1;
    }
    verdicts.flush();
    const shown = fake.notifications.slice(before);
    expect(shown.map((n) => n.options.title)).toEqual(['3 documents versés']);
    // One more later: the first notice, if still shown, is replaced (no stack of counters).
    pending = 0;
    verdicts.verdict('t4', true, '');
    const all = fake.notifications.slice(before);
    expect(all.map((n) => n.options.title)).toEqual(['3 documents versés', '1 document versé']);
    expect(all[0]?.closed).toBe(true);
    expect(all[1]?.closed).toBe(false);
  });
});

describe('sélecteur de dossier et « Ouvrir le dossier »', () => {
  function handlers(granted: string[] = [], logs: string[] = []) {
    return desktopFolderHandlers({
      window: () => null,
      grant: (paths) => granted.push(...paths),
      resolve: async ({ folderId }) => ({ opened: false, path: folderToOpen(engine.parts, folderId) }),
      knownFolders: () => [engine.parts.dataDir, ...engine.parts.folders.list().map((f) => f.path)],
      log: (line) => logs.push(line),
    });
  }

  it('le dossier choisi dans la boîte de dialogue est accordé ; « Annuler » n’accorde rien', async () => {
    const granted: string[] = [];
    const h = handlers(granted);
    fake.nextOpen = path.join(root, 'Choisi');
    await expect(h.chooseFolder()).resolves.toEqual({ path: path.join(root, 'Choisi') });
    expect(fake.openDialogCalls.at(-1)?.options.properties).toEqual(['openDirectory']);
    fake.nextOpen = null;
    await expect(h.chooseFolder()).resolves.toEqual({ path: null });
    expect(granted).toEqual([path.join(root, 'Choisi')]);
  });

  it('ouvre le dossier des données et un dossier surveillé dans le gestionnaire de fichiers', async () => {
    const h = handlers();
    const dir = path.join(root, 'Arrêtés');
    mkdirSync(dir, { recursive: true });
    const folder = await engine.handlers.addFolder({ profileId, path: dir });
    await expect(h.openFolder({})).resolves.toEqual({ opened: true, path: engine.parts.dataDir });
    await expect(h.openFolder({ folderId: folder.id })).resolves.toEqual({ opened: true, path: dir });
    expect(fake.openedPaths.slice(-2)).toEqual([engine.parts.dataDir, dir]);
    // The file manager failed: said, not claimed opened.
    fake.openPathFailure = 'Failed to open path';
    try {
      await expect(h.openFolder({})).resolves.toEqual({ opened: false, path: engine.parts.dataDir });
    } finally {
      fake.openPathFailure = '';
    }
  });

  it('refuse un dossier inconnu : identifiant inconnu, chemin que le moteur ne nomme pas, dossier disparu', async () => {
    const logs: string[] = [];
    const h = handlers([], logs);
    const before = fake.openedPaths.length;
    await expect(h.openFolder({ folderId: 'inconnu' })).rejects.toThrow(/introuvable/);
    // Even if the resolution answered a path it does not name (a bug, a tampered row): refused.
    const rogue = desktopFolderHandlers({
      window: () => null,
      grant: () => undefined,
      resolve: async () => ({ opened: false, path: '/etc' }),
      knownFolders: () => [engine.parts.dataDir],
      log: (line) => logs.push(line),
    });
    await expect(rogue.openFolder({})).rejects.toThrow(/n’ouvre que son dossier de données/);
    const gone = desktopFolderHandlers({
      window: () => null,
      grant: () => undefined,
      resolve: async () => ({ opened: false, path: path.join(root, 'disparu') }),
      knownFolders: () => [path.join(root, 'disparu')],
      log: () => undefined,
    });
    await expect(gone.openFolder({})).rejects.toThrow(/introuvable/);
    expect(fake.openedPaths.length).toBe(before);
    expect(logs.some((l) => l.includes('/etc'))).toBe(true);
  });
});

describe('lancer Sceau au démarrage de l’ordinateur', () => {
  it('enregistrer le réglage inscrit (ou retire) Sceau des programmes lancés à l’ouverture de session', async () => {
    const handlers = withLoginItem(engine.handlers, () => undefined);
    await handlers.updateSettings({ startAtLogin: true });
    expect(fake.loginItem).toMatchObject({
      openAtLogin: true,
      args: ['--hidden', `--js-flags=${ENGINE_NODE_FLAGS.join(' ')}`],
    });
    const writes = fake.loginItem.writes;
    // Another setting saved: the login item is left alone.
    await handlers.updateSettings({ notifications: false });
    expect(fake.loginItem.writes).toBe(writes);
    await handlers.updateSettings({ startAtLogin: false });
    expect(fake.loginItem.openAtLogin).toBe(false);
    await handlers.updateSettings({ notifications: true });
  });
});

describe('téléchargement générique', () => {
  it('« enregistré » n’arrive qu’une fois le fichier écrit : rien tant que la boîte est ouverte', async () => {
    const { downloadNotice } = await import('../../renderer/src/lib/download');
    const slot = engine.parts.exports.newSlot();
    const source = path.join(slot.dir, 'paquet-de-preuve.zip');
    writeFileSync(source, Buffer.from('PK\u0003\u0004 paquet'));
    engine.parts.exports.register(slot.id, { path: source, fileName: 'paquet-de-preuve.zip' });
    const target = path.join(root, 'paquet.zip');
    let release: () => void = () => undefined;
    fake.saveGate = new Promise<void>((r) => (release = r));
    fake.nextSave = target;
    let settled = false;
    const pending = (fake.invoke(DOWNLOAD_CHANNEL, { exportId: slot.id }) as Promise<Envelope<DownloadOutcome>>).then(
      (answer) => {
        settled = true;
        // At the moment the renderer hears back, the file is already complete on disk.
        expect(readFileSync(target)).toEqual(readFileSync(source));
        return answer;
      },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    expect(existsSync(target)).toBe(false);
    fake.saveGate = null;
    release();
    const answer = await pending;
    if (!answer.ok) throw new Error(answer.error.message);
    expect(downloadNotice('paquet-de-preuve.zip', answer.value)).toEqual({
      level: 'success',
      text: `Fichier enregistré dans ${target}.`,
    });
  });

  it('tout fichier que le moteur enregistre (une liste CSV) passe par la même boîte « Enregistrer »', async () => {
    // As an export handler does: a slot, the file written, then registered under its name.
    const slot = engine.parts.exports.newSlot();
    const csv = path.join(slot.dir, 'bordereau-versement.csv');
    writeFileSync(csv, 'Numéro;Objet\n2024_045;Tarifs cantine\n');
    engine.parts.exports.register(slot.id, { path: csv, fileName: 'bordereau-versement.csv' });
    const chosen = path.join(root, 'bordereau.csv');
    fake.nextSave = chosen;
    const answer = (await fake.invoke(DOWNLOAD_CHANNEL, { exportId: slot.id })) as Envelope<DownloadOutcome>;
    expect(answer).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
    expect(readFileSync(chosen, 'utf8')).toBe('Numéro;Objet\n2024_045;Tarifs cantine\n');
    expect(fake.saveDialogCalls.at(-1)?.options.defaultPath).toBe(
      path.join(fake.downloadsDir, 'bordereau-versement.csv'),
    );
  });
});
