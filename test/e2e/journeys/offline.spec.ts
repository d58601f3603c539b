// Journey 2: the archive is unreachable (rural link down): a batch of 20 deposits waits
// calmly and leaves by itself once the archive is back — no click after « Verser ».
import { expect, test } from '../fixtures';
import {
  auditScreen,
  createCommuneThroughAssistant,
  depositAllNow,
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

const BATCH = 20;

test('lot hors ligne : 20 documents attendent puis partent seuls', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Locmaria', siren: '215601138' });

  await goTo(page, 'Déposer', 'Déposer des documents');
  // Names that tell everything (nature, number, date, objet, classification).
  const files = Array.from({ length: BATCH }, (_, i) => ({
    name: `CM ${String((i % 28) + 1).padStart(2, '0')}.02.2024 - DEL ${20 + i} - Objet numéro ${i + 1} (5.2).pdf`,
    data: makePdf(`Deliberation ${i + 1}`),
  }));
  await dropFiles(page, files);
  await expectIntake(page, BATCH);

  // The link goes down.
  await app.archive.stop();

  await depositAllNow(page, BATCH);

  // Calm message, no alarm: they will leave automatically.
  await expect(
    mainArea(page).getByText(
      /Archive injoignable — \d+ documents? en attente, (ils partiront|il partira) automatiquement\./,
    ),
  ).toBeVisible({
    timeout: 60_000,
  });
  // One status, one vocabulary: the header, the queue and the dashboard agree within 5 s,
  // and the documents waiting offline are counted where she looks.
  const header = page.getByRole('status', { name: 'État de la connexion à l’archive' });
  await expect(header).toContainText('Archive injoignable', { timeout: 5_000 });
  await expect(header).toContainText(/\d+ documents? en attente/, { timeout: 5_000 });
  await expect(
    mainArea(page).getByText(/^Aucun envoi en cours : \d+ documents? attend(ent)? que l’archive soit joignable\.$/),
  ).toBeVisible({ timeout: 5_000 });
  await expect(page.getByText('Hors ligne', { exact: false })).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: /À verser/ }),
  ).toContainText(String(BATCH));
  await auditScreen(page, '13-a-verser-hors-ligne');
  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  const archiveCard = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Archive' }) });
  await expect(archiveCard.getByText('Archive injoignable', { exact: true })).toBeVisible({ timeout: 5_000 });
  await expect(archiveCard.getByText(/Dernier échec : /)).toBeVisible({ timeout: 5_000 });
  await expect(archiveCard).toContainText(/\d+ documents? en attente/);
  await auditScreen(page, '31-tableau-de-bord-hors-ligne');

  // The link comes back: nothing to click, the batch leaves and is accepted.
  await app.archive.start();
  await goTo(page, 'Versements', 'Versements');
  await page.getByLabel('État', { exact: true }).selectOption('accepted');
  await expectDocumentCount(page, BATCH, 90_000);
  await expect(header).toContainText('Archive joignable');
  expect(app.archive.stats().accepted).toHaveLength(BATCH);
  expect(app.problems.filter((p) => !/Failed to load resource|WebSocket/.test(p))).toEqual([]);
});
