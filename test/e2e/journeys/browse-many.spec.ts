// Journey 5: a watched folder full of past acts: the status browser stays usable (virtual
// list, paging on demand), filters and debounced search narrow it down.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures';
import { auditScreen, firstLaunch, goTo, makePdf } from './helpers';

const COUNT = 600;

test('parcourir et filtrer de nombreux documents', async ({ page, app }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sceau-actes-'));
  try {
    const natures = [
      ['DEL', 'Délibération'],
      ['AR', 'Arrêté'],
    ] as const;
    for (let i = 0; i < COUNT; i++) {
      const year = 2020 + (i % 5);
      const [code, word] = natures[i % 2] ?? natures[0];
      const sub = path.join(dir, String(year));
      mkdirSync(sub, { recursive: true });
      const day = String((i % 28) + 1).padStart(2, '0');
      const objet = i === 417 ? 'Aire de jeux du bourg' : `${word} numéro ${i}`;
      writeFileSync(path.join(sub, `CM ${day}.03.${year} - ${code} ${i + 1} - ${objet} (5.2).pdf`), makePdf(objet));
    }
    await app.open(page);
    await firstLaunch(page, { name: 'Commune de Commana', siren: '212900414', folders: [dir] });

    await goTo(page, 'Versements', 'Versements');
    await expect(page.getByText(`${COUNT} documents`, { exact: true })).toBeVisible({ timeout: 180_000 });
    // Virtualized: far fewer rows in the DOM than documents.
    const rows = page.getByRole('list', { name: 'Liste des documents' }).getByRole('listitem');
    expect(await rows.count()).toBeLessThan(60);
    await page.getByRole('region', { name: 'Liste des documents' }).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(rows.last()).toHaveAttribute('aria-posinset', String(COUNT));
    await expect(rows.last()).not.toContainText('Chargement de la ligne');

    await page.getByLabel('Année').fill('2022');
    await expect(page.getByText(`${COUNT / 5} documents`, { exact: true })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await page.getByLabel('Rechercher (objet ou nom de fichier)').fill('aire de jeux');
    await expect(page.getByText('1 document', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Aire de jeux du bourg').first()).toBeVisible();
    await auditScreen(page, '16-versements-recherche');

    await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
    await page.getByRole('button', { name: 'Aperçu des règles sur les fichiers du dossier' }).click();
    await expect(page.getByRole('table', { name: 'Ce que Sceau lit dans le nom de chaque fichier' })).toBeVisible({ timeout: 30_000 });
    await auditScreen(page, '17-dossiers-apercu-regles');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
