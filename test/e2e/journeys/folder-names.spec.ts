// A folder chosen in the web page may hold names the disk or the host cannot take: a macOS
// folder's custom icon « Icon\r », a name with a control character. Review of the multipart
// drop: one such name refused the whole batch (« Nom de fichier invalide », no file named), so
// the folder could not be deposited at all. Now the page sets them aside and says which.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { createCommuneThroughAssistant, expectIntake, goTo, mainArea, makePdf, VIEWPORT } from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(180_000);

test('un dossier avec « Icon\\r » et un nom à caractère de contrôle : le reste est versé, l’écart est dit', async ({
  page,
  app,
}) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sceau-e2e-names-'));
  try {
    const folder = path.join(root, 'Séance 2024');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'Icon\r'), '');
    writeFileSync(path.join(folder, '.DS_Store'), 'ds');
    writeFileSync(path.join(folder, 'DE_2024_001_Budget.pdf'), makePdf('Budget 2024'));
    writeFileSync(path.join(folder, 'Plan\u0007voirie.pdf'), makePdf('Plan de voirie'));

    await createCommuneThroughAssistant(page, app, { name: 'Commune de Plouider', siren: '212901974' });
    await goTo(page, 'Déposer', 'Déposer des documents');
    await page.locator('input[type="file"][webkitdirectory]').setInputFiles(folder);

    await expectIntake(page, 1);
    // The control-character name is named (made visible) with what to do; the OS litter is not.
    await expect(mainArea(page).getByText(/Plan\uFFFDvoirie\.pdf.*renommez-le/)).toBeVisible();
    await expect(mainArea(page).getByText(/Nom de fichier invalide dans l’envoi/)).toHaveCount(0);
    await expect(mainArea(page).getByText(/Icon/)).toHaveCount(0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
