// Journey: a deposited act is found again the way a secretary looks for it. Two acts are
// completed by hand (number typed « 2024-045 », a classification typed, one suggested from the
// objet), an annex is attached, all are accepted by the demo archive; then Versements finds
// the act by « 2024-045 », by the reference the archive gave it and by « 7.1 », with its
// columns; the list is exported as CSV (the file read back) and printed; the act's page shows
// its information and its annex once accepted. Every screen audited with axe-core.
import { readFileSync } from 'node:fs';
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
  SCREENSHOTS,
  VIEWPORT,
} from './helpers';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseCsv } from '../../tools/csv';

test.use({ viewport: VIEWPORT, acceptDownloads: true });
test.setTimeout(300_000);

async function completeAct(
  page: Page,
  fileName: string,
  act: { nature: string; number: string; date: string; objet: string },
): Promise<void> {
  const toComplete = page.locator('section', { has: page.getByRole('heading', { name: /^À compléter/ }) });
  await toComplete.getByRole('button', { name: new RegExp(fileName.replace(/\./g, '\\.')) }).click();
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await form.getByLabel('Nature de l’acte').selectOption(act.nature);
  await form.getByLabel('Numéro de l’acte').fill(act.number);
  await form.getByLabel('Date de l’acte').fill(act.date);
  await form.getByLabel('Objet').fill(act.objet);
}

async function search(page: Page, text: string, count: number): Promise<void> {
  await page
    .getByRole('search')
    .getByLabel(/^Rechercher/)
    .fill(text);
  await expectDocumentCount(page, count);
}

test('retrouver un acte versé par son numéro, sa cote et sa classification ; exporter et imprimer la liste', async ({
  page,
  app,
}) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Plouguerneau', siren: '212901956' });

  // Two scans whose names say nothing: completed by hand.
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [
    { name: 'scan0042.pdf', data: makePdf('Budget primitif 2024', 2) },
    { name: 'scan0043.pdf', data: makePdf('Tarifs cantine') },
  ]);
  await expectIntake(page, 2);
  const form = page.getByRole('form', { name: 'Informations de l’acte' });

  // The number as she writes it, the classification typed as a code in the one field.
  await completeAct(page, 'scan0042.pdf', {
    nature: 'DE',
    number: '2024-045',
    date: '2024-03-12',
    objet: 'Vote du budget primitif 2024',
  });
  await expect(form.getByText('Sera enregistré ainsi : 2024_045')).toBeVisible();
  await expect(form.getByLabel('Rechercher dans la classification')).toHaveCount(0);
  await form.getByLabel(/^Classification/).fill('7.1');
  await expect(form.getByText('Décisions budgétaires')).toBeVisible();
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(mainArea(page).getByRole('heading', { name: 'À compléter (1)' })).toBeVisible({ timeout: 15_000 });

  // The classification suggested from the objet: « cantine » → 8.1, one click fills it.
  await completeAct(page, 'scan0043.pdf', {
    nature: 'DE',
    number: '2024-046',
    date: '2024-03-12',
    objet: 'Tarifs de la cantine scolaire',
  });
  const suggestions = form.getByRole('group', { name: 'Suggestions d’après l’objet et le nom du fichier :' });
  const cantine = suggestions.getByRole('button', { name: /^Utiliser la suggestion 8\.1 — Enseignement/ });
  await expect(cantine).toBeVisible({ timeout: 15_000 });
  await expect(cantine).toContainText('« cantine »');
  // Words in the one field list codes too.
  await form.getByLabel(/^Classification/).fill('cantine');
  await expect(
    form
      .getByRole('region', { name: 'Résultats de la recherche dans la classification' })
      .getByRole('button', { name: /^Choisir 8\.1/ }),
  ).toBeVisible();
  await expect(form.getByText(/n’a pas le bon format/)).toHaveCount(0);
  await auditScreen(page, 'retrouver-1-classification-suggeree');
  await cantine.click();
  await expect(form.getByLabel(/^Classification/)).toHaveValue('8.1');
  await expect(form.getByText('Enseignement', { exact: true })).toBeVisible();
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(mainArea(page).getByText('Rien à compléter : tout est prêt.')).toBeVisible({ timeout: 15_000 });

  // Its annex, attached to the act on the annex's own form.
  await dropFiles(page, [{ name: 'scan0042 annexe 1.pdf', data: makePdf('Annexe budget') }]);
  await expectIntake(page, 1);
  await mainArea(page)
    .getByRole('button', { name: /^Voir le détail scan0042 annexe 1\.pdf/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  const parent = form.getByLabel('Rattacher à l’acte');
  await expect(parent.locator('option', { hasText: 'scan0042.pdf' })).toHaveCount(1, { timeout: 15_000 });
  await parent.selectOption({ label: 'scan0042.pdf — Vote du budget primitif 2024' });
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(form.getByText('Informations enregistrées.')).toBeVisible({ timeout: 15_000 });

  await depositAllNow(page, 3);

  // Versements: every act accepted, with its columns.
  await goTo(page, 'Versements', 'Versements');
  const list = documentList(page);
  await expect(list.getByText('Accepté par l’archive')).toHaveCount(3, { timeout: 90_000 });

  // The reference the archive gave, read on the act's page (as@lae demo: « AE_<année>_<n> »).
  await list.getByRole('button', { name: /^Détails de\s+scan0042\.pdf$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  const reference = (
    await page
      .locator('xpath=//dt[normalize-space(.)="Cote attribuée par l’archive"]/following-sibling::dd[1]')
      .innerText()
  ).trim();
  expect(reference).toMatch(/^AE_\d{4}_\d+$/);
  // Once accepted, the act's page still shows what it is, and its annex.
  const summary = page.getByRole('region', { name: 'Informations de l’acte' });
  await expect(summary.getByText('Délibérations (DE)')).toBeVisible();
  await expect(summary.getByText('2024_045', { exact: true })).toBeVisible();
  await expect(summary.getByText('12 mars 2024')).toBeVisible();
  await expect(summary.getByText('Vote du budget primitif 2024')).toBeVisible();
  await expect(summary.getByText('7.1 — Décisions budgétaires')).toBeVisible();
  const attachments = page.getByRole('region', { name: 'Annexes et signatures rattachées' });
  await expect(attachments.getByText('scan0042 annexe 1.pdf')).toBeVisible();
  await auditScreen(page, 'retrouver-2-acte-accepte');
  await page.getByRole('button', { name: 'Retour aux versements' }).click();

  // Found by its number written her way: the act and its annex, not the other act.
  await search(page, '2024-045', 2);
  const act = list
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^Détails de\s+scan0042\.pdf$/ }) });
  await expect(act).toContainText('Numéro : 2024_045');
  await expect(act).toContainText('Date de l’acte : 12/03/2024');
  await expect(act).toContainText('Nature : Délibérations');
  await expect(act).toContainText(`Cote : ${reference}`);
  await expect(act.getByTitle('7.1 — Décisions budgétaires')).toBeVisible();
  const annex = list
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^Détails de\s+scan0042 annexe 1\.pdf$/ }) });
  await expect(annex).toContainText('Annexe de l’acte 2024_045');
  await expect(list.getByRole('button', { name: /^Détails de\s+scan0043\.pdf$/ })).toHaveCount(0);
  await auditScreen(page, 'retrouver-3-versements-numero');
  await search(page, '2024_045', 2);
  // By the archive's reference, and by the classification code.
  await search(page, reference, 2);
  await expect(act).toBeVisible();
  await search(page, '7.1', 2);
  await expect(act).toBeVisible();
  await expect(list.getByRole('button', { name: /^Détails de\s+scan0043\.pdf$/ })).toHaveCount(0);
  await search(page, '8.1', 1);
  await expect(list.getByRole('button', { name: /^Détails de\s+scan0043\.pdf$/ })).toBeVisible();

  // « Exporter la liste (CSV) » of the current filter (« 7.1 »), read back as a spreadsheet would.
  await search(page, '7.1', 2);
  const downloading = page.waitForEvent('download');
  await mainArea(page).getByRole('button', { name: 'Exporter la liste (CSV)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bordereau-versement-Commune-de-Plouguerneau-\d{4}-\d{2}-\d{2}\.csv$/);
  const saved = test.info().outputPath('bordereau-versement.csv');
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [head, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
  expect(head).toEqual(
    expect.arrayContaining([
      'Commune',
      'Nature',
      'Numéro',
      'Date de l’acte',
      'Objet',
      'Classification',
      'Cote attribuée par l’archive',
      'État',
    ]),
  );
  expect(rows).toHaveLength(2);
  const col = (name: string) => head!.indexOf(name);
  const actRow = rows.find((r) => r[col('Fichier')] === 'scan0042.pdf')!;
  expect(actRow[col('Numéro')]).toBe('2024_045');
  expect(actRow[col('Date de l’acte')]).toBe('12/03/2024');
  expect(actRow[col('Classification')]).toBe('7.1');
  expect(actRow[col('Cote attribuée par l’archive')]).toBe(reference);
  expect(actRow[col('État')]).toBe('Archivé');
  const annexRow = rows.find((r) => r[col('Fichier')] === 'scan0042 annexe 1.pdf')!;
  expect(annexRow[col('Numéro de l’acte principal')]).toBe('2024_045');
  await expect(
    page.getByRole('region', { name: 'Notifications' }).getByText(/bordereau-versement.*téléchargé/),
  ).toBeVisible();

  // « Imprimer »: a plain table of the list, without the app around it.
  await page.evaluate(() => {
    const w = window as unknown as { print: () => void; __printed: number };
    w.__printed = 0;
    w.print = () => {
      w.__printed += 1;
    };
  });
  await mainArea(page).getByRole('button', { name: 'Imprimer' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const printed = page.locator('.print-list table');
  await expect(printed).toBeVisible();
  await expect(printed.getByRole('row')).toHaveCount(3);
  await expect(printed.getByRole('row', { name: /2024_045/ }).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Exporter la liste (CSV)' })).toBeHidden();
  await expect(documentList(page)).toBeHidden();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'retrouver-4-impression.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await expect(printed).toBeHidden();

  expect(app.problems).toEqual([]);
});
