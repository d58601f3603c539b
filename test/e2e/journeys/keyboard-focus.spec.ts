// A keyboard or screen-reader user who removes a watched folder: once the question closes,
// the focus lands on the folder list (not lost at the top of the page with the removed row).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { createCommuneThroughAssistant, goTo, mainArea, VIEWPORT } from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(180_000);

test('retirer un dossier surveillé laisse le focus sur la liste des dossiers', async ({ page, app }) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sceau-focus-'));
  try {
    await createCommuneThroughAssistant(page, app, {
      name: 'Commune de Taulé',
      siren: '212902790',
      folders: [folder],
    });
    await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
    await mainArea(page)
      .getByRole('button', { name: /^Retirer ce dossier/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Ne plus surveiller ce dossier ?' });
    await dialog.getByRole('button', { name: /^Retirer/ }).press('Enter');
    await expect(page.getByText('Le dossier n’est plus surveillé.')).toBeVisible();
    await expect(mainArea(page).getByRole('heading', { level: 2, name: 'Dossiers de Commune de Taulé' })).toBeFocused();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
