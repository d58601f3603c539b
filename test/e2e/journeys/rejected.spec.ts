// Journey 3: the archive refuses a transfer (the demo agreement excludes classification
// matière 9); the secretary reads the reason, corrects the metadata and sends it again.
import { expect, test } from '../fixtures';
import { auditScreen, depositAllNow, dropFiles, firstLaunch, goTo, makePdf } from './helpers';

test('versement rejeté, corrigé puis renvoyé', async ({ page, app }) => {
  await app.open(page);
  await firstLaunch(page, { name: 'Commune de Saint-Thégonnec', siren: '212902352' });
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'CM 05.06.2024 - DEL 61 - Vœu du conseil (9.1).pdf', data: makePdf('Voeu du conseil') }]);
  await expect(page.getByText(/1 fichier reçu et scellé/)).toBeVisible({ timeout: 30_000 });
  await depositAllNow(page, 1);

  await goTo(page, 'Versements', 'Versements');
  await expect(page.getByText('Rejeté par l’archive')).toBeVisible({ timeout: 60_000 });
  // Problems first, with the reason in plain French and one clear action.
  await expect(page.getByText(/Accord de versement|classification|refus/i).first()).toBeVisible();
  await page.getByLabel('État').selectOption('problems');
  await expect(page.getByText('1 document')).toBeVisible();
  await auditScreen(page, '14-versements-rejet');
  await page.getByRole('button', { name: /Corriger les métadonnées/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  await expect(page.getByText('Rejeté par l’archive').first()).toBeVisible();
  await auditScreen(page, '15-detail-rejet');
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await form.getByLabel('Classification', { exact: true }).fill('5.2');
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(page.getByText('Informations enregistrées.').first()).toBeVisible();

  await depositAllNow(page, 1);
  await goTo(page, 'Versements', 'Versements');
  await expect(page.getByText('Accepté par l’archive')).toBeVisible({ timeout: 60_000 });
  const stats = app.archive.stats();
  expect(stats.rejected.length).toBe(1);
});
