// Counts shown on « À verser » read the French way (« 1 019 », with a narrow space), like
// every other number in Sceau — not « 1019 » — when a big commune has many acts to complete.
import { expect, test } from '../fixtures';
import { createCommuneThroughAssistant, goTo, mainArea, VIEWPORT } from './helpers';
import { profileIdByName, seedDocuments } from './seed';

test.use({ viewport: VIEWPORT });

const COMMUNE = 'Commune de Sizun';

test('« À verser » écrit ses nombres à la française', async ({ page, app }) => {
  test.setTimeout(240_000);
  await createCommuneThroughAssistant(page, app, { name: COMMUNE, siren: '212902774' });
  const profileId = profileIdByName(app.dataDir, COMMUNE);
  await page.goto('about:blank');
  // One document in 211 is « à compléter » (seed.ts): 215 000 gives 1 019 of them.
  const seeded = seedDocuments({ dataDir: app.dataDir, profileId, count: 215_000 });
  const blocked = seeded.perState.needs_metadata ?? 0;
  expect(blocked).toBeGreaterThan(999);
  await app.restart();
  await page.goto(app.launchUrl);
  await goTo(page, 'À verser', 'À verser');
  const french = new Intl.NumberFormat('fr-FR').format(blocked).replace(/\s/g, '\\s');
  await expect(
    mainArea(page).getByRole('heading', { level: 2, name: new RegExp(`compléter \\(${french}\\)$`) }),
  ).toBeVisible({ timeout: 30_000 });
});
