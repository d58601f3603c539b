// The desktop app does what the web host does (issue 17, « Electron parity »), in the REAL
// Electron app under Playwright's _electron: a file chosen with « Choisir des fichiers » is
// sealed, deposited and accepted; « Télécharger l’attestation » writes the file where the
// save dialog says and only then says « enregistré »; « Ouvrir le dossier des données »
// hands the engine's data folder to the file manager (the tray and system notifications are
// checked at the module boundary: test/electron/desktop-shell.test.ts). Native dialogs and the file manager are replaced in the MAIN process (the only
// way to answer them under automation). Skips, printing why, when Electron cannot start.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { depositAllNow, firstLaunch, goTo, mainArea, makePdf } from '../e2e/journeys/helpers';
import { electronForSpec, openSceau, type OpenedSceau } from './launch';

const { executable, skipReason } = electronForSpec('desktop-parity');

test.describe('parité de l’application de bureau', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(240_000);

  let sceau: OpenedSceau | undefined;
  let electronApp: ElectronApplication;
  let page: Page;
  let work: string;

  test.beforeAll(async () => {
    if (!executable) return;
    work = mkdtempSync(path.join(os.tmpdir(), 'sceau-desktop-'));
    sceau = await openSceau(executable, path.join(work, 'data'));
    ({ electronApp, page } = sceau);
    // The user's answers to the native dialogs, and the file manager, stand in main.
    await electronApp.evaluate(
      ({ dialog, shell }, target) => {
        const g = globalThis as unknown as { opened: string[] };
        g.opened = [];
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
        shell.openPath = async (p: string) => {
          g.opened.push(p);
          return '';
        };
      },
      path.join(work, 'Mes documents', 'attestation.pdf'),
    );
  });

  test.afterAll(async () => {
    await sceau?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('fichier choisi, versé, attestation enregistrée là où la boîte de dialogue le dit', async () => {
    await firstLaunch(page, { name: 'Commune de Plouguerneau', siren: '212901956' });
    await goTo(page, 'Déposer', 'Déposer');
    const file = path.join(work, 'DE_2024_045_(7.1)_vote du budget 12-03-2024.pdf');
    writeFileSync(file, makePdf('Vote du budget', 2));
    // A real path (not a made-up File): the preload reports it, main grants it.
    await page.getByLabel('Choisir des fichiers').setInputFiles(file);
    await expect(mainArea(page).getByText('1 fichier reçu et scellé.', { exact: true })).toBeVisible({
      timeout: 30_000,
    });
    await depositAllNow(page, 1);
    await goTo(page, 'Versements', 'Versements');
    await mainArea(page)
      .getByRole('button', { name: /vote du budget/ })
      .first()
      .click();
    await expect(mainArea(page).getByText('Archivé').first()).toBeVisible({ timeout: 60_000 });

    const target = path.join(work, 'Mes documents', 'attestation.pdf');
    // The chosen folder exists; nothing there yet.
    mkdirSync(path.dirname(target), { recursive: true });
    expect(existsSync(target)).toBe(false);
    await page.getByRole('button', { name: 'Télécharger l’attestation' }).click();
    await expect(page.getByText(`Fichier enregistré dans ${target}.`)).toBeVisible({ timeout: 30_000 });
    expect(readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('« Ouvrir le dossier des données » ouvre le dossier que le moteur nomme', async () => {
    await goTo(page, 'Paramètres', 'Paramètres');
    await page.getByRole('button', { name: 'Ouvrir le dossier des données' }).click();
    await expect(page.getByText('Le dossier des données est ouvert dans le gestionnaire de fichiers.')).toBeVisible();
    const opened = await electronApp.evaluate(() => (globalThis as unknown as { opened: string[] }).opened);
    expect(opened).toEqual([path.join(work, 'data')]);
  });
});
