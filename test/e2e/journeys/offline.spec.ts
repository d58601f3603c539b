// Journey 2: the archive is unreachable (rural link down): deposits wait calmly and leave
// by themselves once it is back.
import { expect, test } from '../fixtures';
import { auditScreen, dropFiles, firstLaunch, goTo, makePdf } from './helpers';

test('lot hors ligne : les documents attendent puis partent seuls', async ({ page, app }) => {
  await app.open(page);
  await firstLaunch(page, { name: 'Commune de Locmaria', siren: '215601138' });

  await goTo(page, 'Déposer', 'Déposer des documents');
  // Names that tell everything (nature, number, date, objet, classification).
  const files = Array.from({ length: 5 }, (_, i) => ({
    name: `CM ${String(i + 1).padStart(2, '0')}.02.2024 - DEL ${20 + i} - Objet numéro ${i + 1} (5.2).pdf`,
    data: makePdf(`Deliberation ${i + 1}`),
  }));
  await dropFiles(page, files);
  await expect(page.getByText(/5 fichiers reçus et scellés/)).toBeVisible({ timeout: 30_000 });

  await app.archive.stop();

  await goTo(page, 'À verser', 'À verser');
  await expect(page.getByRole('heading', { level: 2, name: /^5 documents prêts/ })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Tout sélectionner').check();
  await expect(page.getByText('5 documents sélectionnés')).toBeVisible();
  await page.getByRole('button', { name: 'Verser maintenant' }).click();

  // Calm message, no alarm: they will leave automatically.
  await expect(page.getByText(/Hors ligne — \d+ documents? en attente, (ils partiront|il partira) automatiquement/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status', { name: 'État de la connexion à l’archive' })).toContainText(/Hors ligne|injoignable/);
  await auditScreen(page, '13-a-verser-hors-ligne');

  await app.archive.start();
  await goTo(page, 'Versements', 'Versements');
  await expect(page.getByText('Accepté par l’archive')).toHaveCount(5, { timeout: 120_000 });
  expect(app.problems.filter((p) => !/Failed to load resource|WebSocket/.test(p))).toEqual([]);
});
