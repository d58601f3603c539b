// Journey « au quotidien » (issue 17): the demo is unmistakable on every screen; Déposer
// names the commune (and lets it be changed) and so does every drop; the selector counts
// what each commune has pending; an act number typed « 2024-045 » is normalised with a
// visible preview; « ? » explains the jargon and « Aide » the rest; the layout holds at
// 200 % zoom; a keyboard user skips to the content and deposits without a mouse; and no
// internal English state name is ever on screen.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import {
  auditScreen,
  chooseDropCommune,
  createCommuneThroughAssistant,
  dropFiles,
  expectIntake,
  firstLaunch,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

const SCREENS: [string, string][] = [
  ['Tableau de bord', 'Tableau de bord'],
  ['Déposer', 'Déposer des documents'],
  ['À verser', 'À verser'],
  ['Versements', 'Versements'],
  ['Dossiers surveillés', 'Dossiers surveillés'],
  ['Paramètres', 'Paramètres'],
  ['Aide', 'Aide'],
];

/** The engine's internal state and journal names: never shown to the secretary. */
const INTERNAL =
  /\b(detected|sealed|needs_metadata|ready|queued|sending|sent|acknowledged|accepted|rejected|failed|skipped_auto_archived|duplicate|ignored)\b/;

async function expectNoInternalWords(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text.match(INTERNAL)?.[0] ?? null, 'internal word on screen').toBeNull();
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('focus never reached the target with Tab');
}

test('au quotidien : démonstration signalée, commune nommée, numéro normalisé, aide, zoom, clavier', async ({
  page,
  app,
}) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Plouider', siren: '212901768' });
  const switcher = page.getByRole('banner').getByLabel('Commune', { exact: true });
  await switcher.selectOption({ label: 'Ajouter une commune' });
  await firstLaunch(page, { name: 'Commune de Goulven', siren: '212900653', adding: true });

  // The demo banner on every screen, with its way out.
  const banner = page.getByRole('region', { name: 'Archive de démonstration — rien n’est réellement archivé' });
  for (const [nav, title] of SCREENS) {
    await goTo(page, nav, title);
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Passer à l’archive réelle' })).toBeVisible();
    await expectNoInternalWords(page);
  }
  await expect(mainArea(page).getByRole('heading', { level: 2, name: 'Ce que veut dire chaque état' })).toBeVisible();
  await auditScreen(page, '32-aide');

  // « Passer à l’archive réelle » opens this commune's form, not the assistant.
  await banner.getByRole('button', { name: 'Passer à l’archive réelle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeVisible();
  await expect(mainArea(page).getByRole('radio', { name: 'Archive de démonstration' }).first()).toBeVisible();

  // Déposer names the commune and lets it be changed before the drop.
  await goTo(page, 'Déposer', 'Déposer des documents');
  await expect(mainArea(page).getByText('Les fichiers déposés ici iront à :')).toBeVisible();
  await expect(mainArea(page).getByText('Destination : Commune de Goulven')).toBeVisible();
  await mainArea(page).getByLabel('Déposer pour une autre commune').selectOption({ label: 'Commune de Plouider' });
  await expect(switcher.locator('option:checked')).toHaveText('Commune de Plouider');
  await expect(mainArea(page).getByText('Destination : Commune de Plouider')).toBeVisible();
  // A drop of a file whose name says nothing asks, naming the commune shown; it can be
  // changed there too (to Goulven, then back to Plouider by the question itself).
  await mainArea(page).getByLabel('Déposer pour une autre commune').selectOption({ label: 'Commune de Goulven' });
  await dropFiles(page, [{ name: 'scan0042.pdf', data: makePdf('Arrete du maire') }]);
  await auditScreen(page, '36-deposer-quelle-commune');
  await chooseDropCommune(page, 'Commune de Goulven', 'Commune de Plouider');
  await expect(switcher.locator('option:checked')).toHaveText(/^Commune de Plouider/);
  await expectIntake(page, 1);
  await expect(mainArea(page).getByText('Pour la commune : Commune de Plouider.')).toBeVisible();
  // The selector says what each commune has pending.
  await expect(switcher.locator('option', { hasText: 'Commune de Plouider' })).toHaveText(
    'Commune de Plouider — 1 document en attente',
    { timeout: 15_000 },
  );
  await auditScreen(page, '33-deposer-commune');

  // « 2024-045 » is normalised with a preview, not refused.
  const toComplete = page.locator('section', { has: page.getByRole('heading', { name: /^À compléter/ }) });
  await toComplete.getByRole('button', { name: /scan0042\.pdf/ }).click();
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await form.getByLabel('Nature de l’acte').selectOption('AR');
  await form.getByLabel('Numéro de l’acte').fill('2024-045');
  await expect(form.getByText('Sera enregistré ainsi : 2024_045')).toBeVisible();
  await form.getByLabel('Date de l’acte').fill('2024-05-14');
  await form.getByLabel('Objet').fill('Arrêté de circulation rue de l’Église');
  await form.getByLabel(/^Classification/).fill('6.1');
  // « ? » explains the jargon in place.
  await form.getByRole('button', { name: 'Aide : Classification' }).click();
  await expect(form.getByText(/La classification range l’acte/)).toBeVisible();
  await expect(form.getByRole('button', { name: 'Aide : Classification' })).toHaveAttribute('aria-expanded', 'true');
  await auditScreen(page, '34-deposer-numero-normalise');
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(mainArea(page).getByText('Rien à compléter : tout est prêt.')).toBeVisible({ timeout: 15_000 });
  const session = page.locator('section', {
    has: page.getByRole('heading', { name: 'Déposés pendant cette session' }),
  });
  await session.getByRole('button', { name: 'Voir le détail scan0042.pdf' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  await expect(mainArea(page).getByLabel('Numéro de l’acte')).toHaveValue('2024_045');
  await expectNoInternalWords(page);

  // 200 % zoom: the same window seen at half its CSS size; nothing scrolls sideways, the
  // header no longer sticks over the content.
  await page.setViewportSize({ width: VIEWPORT.width / 2, height: VIEWPORT.height / 2 });
  for (const [nav, title] of [SCREENS[0], SCREENS[1], SCREENS[3]] as [string, string][]) {
    await goTo(page, nav, title);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${title}: horizontal scroll at 200 %`).toBeLessThanOrEqual(0);
    // The header scrolls away with the page: neither sticky nor fixed at this width (read from
    // the computed style; a wheel scroll may land in an inner list or not be applied yet).
    const position = await page.getByRole('banner').evaluate((el) => getComputedStyle(el).position);
    expect(['sticky', 'fixed'], `${title}: header stuck at 200 % (position: ${position})`).not.toContain(position);
  }
  await goTo(page, 'Déposer', 'Déposer des documents');
  await auditScreen(page, '35-deposer-zoom-200');
  await page.setViewportSize(VIEWPORT);

  // Keyboard only: the skip link first, then a deposit without the mouse.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  const queueLink = page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('button', { name: /^À verser/ });
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, queueLink);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'À verser' })).toBeVisible();
  const all = mainArea(page).getByLabel('Tout sélectionner');
  await tabTo(page, all);
  await page.keyboard.press('Space');
  await expect(all).toBeChecked();
  await tabTo(page, mainArea(page).getByRole('button', { name: 'Verser maintenant' }));
  await page.keyboard.press('Enter');
  await expect(mainArea(page).getByText('1 document mis en file d’envoi.', { exact: true })).toBeVisible();

  // The address without its key: said plainly, and no « Réessayer » that cannot help.
  const bare = await page.context().newPage();
  await bare.goto(new URL('/', app.launchUrl).toString());
  await expect(bare.getByText(/Cette adresse ne contient pas la clé d’accès de Sceau/)).toBeVisible();
  await expect(bare.getByRole('button', { name: 'Réessayer' })).toHaveCount(0);
  await bare.close();

  expect(app.problems.filter((p) => !/Failed to load resource|WebSocket/.test(p))).toEqual([]);
});
