// Journey 3: the archive refuses a transfer (the demo agreement excludes classification
// matière 9); the secretary reads the reason, corrects the metadata and sends it again.
import { expect, test } from '../fixtures';
import {
  auditScreen,
  createCommuneThroughAssistant,
  depositAllNow,
  documentList,
  dropFiles,
  expectDocumentCount,
  expectIntake,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

test('versement rejeté, corrigé puis renvoyé', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Saint-Thégonnec', siren: '212902352' });
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [
    { name: 'CM 05.06.2024 - DEL 61 - Vœu du conseil (9.1).pdf', data: makePdf('Voeu du conseil') },
  ]);
  await expectIntake(page, 1);
  await depositAllNow(page, 1);

  await goTo(page, 'Versements', 'Versements');
  const list = documentList(page);
  await expect(list.getByText('Rejeté par l’archive')).toBeVisible({ timeout: 60_000 });
  // The pop-up names the refused act and leads to it.
  const toasts = page.getByRole('region', { name: 'Notifications' });
  await expect(toasts.getByText('Acte refusé : CM 05.06.2024 - DEL 61 - Vœu du conseil (9.1).pdf')).toBeVisible({
    timeout: 15_000,
  });
  await expect(toasts.getByRole('button', { name: /^Corriger et renvoyer — CM 05\.06\.2024/ })).toBeVisible();
  // Problems first, with the reason in plain French and one clear action.
  await expect(list.getByText(/accord de versement|classification|refus/i).first()).toBeVisible();
  await page.getByLabel('État', { exact: true }).selectOption('problems');
  await expectDocumentCount(page, 1);
  await auditScreen(page, '14-versements-rejet');
  await list.getByRole('button', { name: /^Corriger/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  await expect(mainArea(page).getByText('Rejeté par l’archive').first()).toBeVisible();
  await auditScreen(page, '15-detail-rejet');
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await form.getByLabel(/^Classification/).fill('5.2');
  // Corrected and sent again in one step.
  await form.getByRole('button', { name: 'Corriger et renvoyer' }).click();
  await expect(toasts.getByText('1 document mis en file d’envoi.')).toBeVisible();
  await expect(
    mainArea(page)
      .getByText(/Accepté par l’archive|En attente d’envoi|Envoi en cours|Envoyé/)
      .first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  // The refusal stays in the act's history, with its reason.
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'Historique' }) });
  await expect(history.getByText('Refusé par l’archive')).toBeVisible();
  await page.getByRole('button', { name: 'Retour aux versements' }).click();
  await page.getByLabel('État', { exact: true }).selectOption('');
  await expect(list.getByText('Accepté par l’archive')).toBeVisible({ timeout: 60_000 });
  const stats = app.archive.stats();
  expect(stats.rejected).toHaveLength(1);
  expect(stats.accepted).toHaveLength(1);
  expect(app.problems).toEqual([]);
});
