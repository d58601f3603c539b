// Journey 4: a secretary working for two communes switches between them from the header;
// each commune sees only its own documents.
import { expect, test } from '../fixtures';
import {
  auditScreen,
  createCommuneThroughAssistant,
  chooseDropCommune,
  documentList,
  dropFiles,
  expectDocumentCount,
  expectIntake,
  firstLaunch,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

test('plusieurs communes : le sélecteur est toujours visible et cloisonne', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Guimiliau', siren: '212900786' });
  const switcher = page.getByRole('banner').getByLabel('Commune', { exact: true });

  // Second commune through the switcher.
  await switcher.selectOption({ label: 'Ajouter une commune' });
  // A commune form inside the app (header and navigation stay), not the welcome assistant.
  await firstLaunch(page, { name: 'Commune de Lampaul-Guimiliau', siren: '212900984', adding: true });
  await expect(switcher.locator('option:checked')).toHaveText('Commune de Lampaul-Guimiliau');
  await expect(mainArea(page).getByText('Commune de Lampaul-Guimiliau', { exact: true })).toBeVisible();

  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'CM 10.01.2024 - DEL 3 - Tarifs salle (7.1).pdf', data: makePdf('Tarifs') }]);
  // Two communes and a name that does not tell: the drop asks, the commune shown preselected.
  await chooseDropCommune(page, 'Commune de Lampaul-Guimiliau');
  await expectIntake(page, 1);

  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  await expect(mainArea(page).getByText('1 document au total')).toBeVisible({ timeout: 15_000 });

  // Back to the first commune: its own (empty) dashboard; the switch is remembered.
  await switcher.selectOption({ label: 'Commune de Guimiliau' });
  await expect(mainArea(page).getByText('Commune de Guimiliau', { exact: true })).toBeVisible();
  await expect(
    mainArea(page)
      .getByText('Aucun document pour l’instant. Déposez des fichiers ou ajoutez un dossier surveillé.')
      .first(),
  ).toBeVisible();
  await goTo(page, 'Déposer', 'Déposer des documents');
  await expect(mainArea(page).getByText('Aucun document déposé pendant cette session.')).toBeVisible();

  await goTo(page, 'Versements', 'Versements');
  await expectDocumentCount(page, 0);
  await page.getByRole('search').getByLabel('Commune').selectOption({ label: 'Toutes' });
  await expectDocumentCount(page, 1);
  await expect(documentList(page).getByText('Commune de Lampaul-Guimiliau', { exact: true })).toBeVisible();
  await auditScreen(page, '18-versements-toutes-communes');

  await page.reload();
  await expect(switcher.locator('option:checked')).toHaveText('Commune de Guimiliau');
  expect(app.problems).toEqual([]);
});
