// Smoke test of the whole frame through the real web host: a demo commune created with the
// assistant, then every section of the navigation, with no console error and no CSP
// violation along the way (app.problems collects both).
import { expect, test } from './fixtures';
import { firstLaunch, VIEWPORT } from './journeys/helpers';

test.use({ viewport: VIEWPORT });

const SECTIONS: { nav: string; title: string; landmark: RegExp | string }[] = [
  { nav: 'Tableau de bord', title: 'Tableau de bord', landmark: 'Documents par état' },
  { nav: 'Déposer', title: 'Déposer des documents', landmark: 'Glissez ici des fichiers ou des dossiers' },
  { nav: 'À verser', title: 'À verser', landmark: 'Envois en cours' },
  { nav: 'Versements', title: 'Versements', landmark: /^0 document$/ },
  { nav: 'Dossiers surveillés', title: 'Dossiers surveillés', landmark: 'Ajouter un dossier' },
  { nav: 'Paramètres', title: 'Paramètres', landmark: 'Apparence' },
];

test('chaque section s’ouvre sans erreur de console ni violation CSP', async ({ page, app }) => {
  await app.open(page);
  await firstLaunch(page, { name: 'Commune de Sizun', siren: '212902378' });
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const main = page.getByRole('main');

  // Twice round, so each screen also mounts again after the others.
  for (let round = 0; round < 2; round++) {
    for (const s of SECTIONS) {
      await nav.getByRole('button', { name: s.nav }).click();
      await expect(main.getByRole('heading', { level: 1, name: s.title })).toBeVisible();
      await expect(nav.getByRole('button', { name: s.nav })).toHaveAttribute('aria-current', 'page');
      await expect(page).toHaveTitle(`${s.title} — Sceau`);
      await expect(main.getByText(s.landmark, { exact: typeof s.landmark === 'string' }).first()).toBeVisible();
      await expect(main.getByText('Chargement…')).toHaveCount(0);
    }
  }
  expect(app.problems).toEqual([]);
});
