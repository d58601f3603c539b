// Journey 4: a secretary working for two communes switches between them from the header;
// each commune sees only its own documents.
import { expect, test } from '../fixtures';
import { dropFiles, expectAccessible, firstLaunch, goTo, makePdf } from './helpers';

test('plusieurs communes : le sélecteur est toujours visible et cloisonne', async ({ page, app }) => {
  await app.open(page);
  await firstLaunch(page, { name: 'Commune de Guimiliau', siren: '212900786' });

  // Second commune through the switcher.
  await page.getByLabel('Commune', { exact: true }).selectOption({ label: 'Ajouter une commune' });
  await firstLaunch(page, { name: 'Commune de Lampaul-Guimiliau', siren: '212900984' });
  await expect(page.getByLabel('Commune', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByLabel('Commune', { exact: true }).locator('option:checked')).toHaveText('Commune de Lampaul-Guimiliau');

  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'CM 10.01.2024 - DEL 3 - Tarifs salle (7.1).pdf', data: makePdf('Tarifs') }]);
  await expect(page.getByText(/1 fichier reçu et scellé/)).toBeVisible({ timeout: 30_000 });

  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  await expect(page.getByText('1 document au total')).toBeVisible({ timeout: 15_000 });

  await page.getByLabel('Commune', { exact: true }).selectOption({ label: 'Commune de Guimiliau' });
  await expect(page.getByText('Commune de Guimiliau', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Aucun document pour l’instant. Déposez des fichiers ou ajoutez un dossier surveillé.').first()).toBeVisible();

  await goTo(page, 'Versements', 'Versements');
  await expect(page.getByText('0 document', { exact: true })).toBeVisible();
  await page.getByLabel('Commune', { exact: true }).first().focus();
  await page.locator('#f-commune').selectOption('');
  await expect(page.getByText('1 document', { exact: true })).toBeVisible();
  await expectAccessible(page, 'versements toutes communes');
});
