// Journey (issue 17 §9–10, the quiet parts): the assistant checks a typed folder path with
// the engine before listing it and before it ends (a missing folder, a file), offers the
// prefecture's classification file; files arriving in the watched folder are announced in
// ONE grouped toast and told in « Activité récente » on the dashboard; Paramètres shows the
// data folder's path with « Copier » (a browser cannot open a folder: the desktop app does).
// And a large file asks for confirmation before it is sealed (IntakeResult.needsConfirmation).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { classificationXml } from '../../tools/classification-xml';
import {
  auditScreen,
  createCommuneThroughAssistant,
  depositAllNow,
  dropFiles,
  expectAccessible,
  expectIntake,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(240_000);

test('dossier vérifié dans l’assistant, arrivées annoncées, activité récente, dossier des données', async ({
  page,
  app,
  context,
}) => {
  const watched = path.join(`${app.dataDir}-mairie`, 'Délibérations');
  mkdirSync(watched, { recursive: true });
  const aFile = path.join(`${app.dataDir}-mairie`, 'note.pdf');
  writeFileSync(aFile, makePdf('note'));
  try {
    await app.open(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue dans Sceau' })).toBeVisible();
    await page.getByLabel('Nom de la commune').fill('Commune de Plouguerneau');
    await page.getByLabel('SIREN de la commune').fill('212901956');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'L’archive' })).toBeVisible();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Les dossiers à surveiller' })).toBeVisible();

    // A folder that does not exist: refused on the field, in French, nothing listed.
    const field = page.getByLabel('Chemin du dossier');
    const missing = path.join(`${app.dataDir}-mairie`, 'Deliberations-absent');
    await field.fill(missing);
    await page.getByRole('button', { name: 'Ajouter ce dossier' }).click();
    await expect(
      mainArea(page).getByText(`Le dossier « ${missing} » est introuvable.`, { exact: false }),
    ).toBeVisible();
    await expect(field).toBeFocused();
    await expect(mainArea(page).getByText('Aucun dossier pour l’instant', { exact: false })).toBeVisible();

    // A file is not a folder — and « Terminer » with it typed does not end the assistant.
    await field.fill(aFile);
    await page.getByRole('button', { name: 'Terminer et commencer' }).click();
    await expect(mainArea(page).getByText(`« ${aFile} » n’est pas un dossier.`)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Les dossiers à surveiller' })).toBeVisible();

    // The real folder is listed; the prefecture's classification file is chosen (optional).
    await field.fill(watched);
    await page.getByRole('button', { name: 'Ajouter ce dossier' }).click();
    await expect(mainArea(page).getByRole('listitem').filter({ hasText: watched })).toBeVisible();
    await expect(field).toHaveValue('');
    await page.locator('#wiz-class-file').setInputFiles({
      name: 'classification-prefecture.xml',
      mimeType: 'application/xml',
      buffer: classificationXml(),
    });
    await expect(mainArea(page).getByText('Fichier choisi : classification-prefecture.xml')).toBeVisible();
    await auditScreen(page, '40-assistant-dossier-verifie');
    await page.getByRole('button', { name: 'Terminer et commencer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
    const toasts = page.getByRole('region', { name: 'Notifications' });
    await expect(toasts.getByText(/^Classification de la préfecture importée : \d+ codes\.$/)).toBeVisible();

    // Three files arrive in the watched folder: ONE toast names the count and the folder.
    for (const n of ['045', '046', '047'])
      writeFileSync(path.join(watched, `DE_2024_${n}_Acte ${n}.pdf`), makePdf(`Acte ${n}`));
    await expect(toasts.getByText('3 fichiers arrivés dans « Délibérations »')).toBeVisible({ timeout: 30_000 });
    await expect(toasts.getByText(/arrivés? dans/)).toHaveCount(1);

    // « Activité récente » says the same in one line, in French, with its kind in words.
    const feed = mainArea(page).getByRole('list', { name: 'Activité récente' });
    await expect(feed.getByText('3 fichiers reçus et scellés — dossier « Délibérations »')).toBeVisible({
      timeout: 15_000,
    });
    await expect(feed.getByText('Fichiers reçus', { exact: true }).first()).toBeVisible();
    await expect(feed).not.toContainText(/\b(sealed|accepted|rejected|connection)\b/);
    // Demo time-stamps are granted: no « non horodatés » warning.
    await expect(mainArea(page).getByRole('heading', { name: 'Documents non horodatés' })).toHaveCount(0);
    await feed.scrollIntoViewIfNeeded();
    await auditScreen(page, '41-tableau-de-bord-activite');

    // Paramètres › Dossier des données: in the browser, the path and « Copier ».
    await goTo(page, 'Paramètres', 'Paramètres');
    const section = mainArea(page).getByRole('region', { name: 'Dossier des données' });
    await expect(section.getByText(/Un navigateur ne peut pas ouvrir un dossier/)).toBeVisible();
    await expect(section.getByLabel('Chemin du dossier des données')).toHaveText(app.dataDir);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await section.getByRole('button', { name: 'Copier Chemin du dossier des données' }).click();
    await expect(section.getByText('Copié dans le presse-papiers.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(app.dataDir);
    await section.scrollIntoViewIfNeeded();
    await auditScreen(page, '42-parametres-dossier-donnees');
    expect(app.problems).toEqual([]);
  } finally {
    rmSync(`${app.dataDir}-mairie`, { recursive: true, force: true });
  }
});

/** Calls the engine as the page does (its own WebSocket and key): a setting, a commune… */
async function callEngine(page: Page, channel: string, request: Record<string, unknown>): Promise<void> {
  const answer = await page.evaluate(
    async ({ channel, request }) => {
      const token = sessionStorage.getItem('sceau.token') ?? '';
      const url = new URL('api', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(url.toString(), ['sceau.v1', `token.${token}`]);
      await new Promise((ok, ko) => {
        ws.onopen = ok;
        ws.onerror = ko;
      });
      const reply = new Promise<string>((ok) => {
        ws.onmessage = (m) => {
          const frame = JSON.parse(String(m.data)) as { kind: string; id?: number };
          if (frame.kind === 'result' && frame.id === 9001) ok(String(m.data));
        };
      });
      ws.send(JSON.stringify({ kind: 'call', id: 9001, channel, request }));
      const text = await reply;
      ws.close();
      return text;
    },
    { channel, request },
  );
  expect(answer).toContain('"ok":true');
}

test('un fichier volumineux demande confirmation avant d’être scellé', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Landéda', siren: '212901014' });
  await callEngine(page, 'updateSettings', { largeFileConfirmMb: 1 });
  await goTo(page, 'Déposer', 'Déposer');
  const big = { name: 'DE_2024_045_Plan local d’urbanisme.pdf', data: makePdf('Plan local d urbanisme', 9000) };
  expect(big.data.length).toBeGreaterThan(1024 * 1024);

  // Asked first; « Ne pas les sceller » seals nothing.
  await dropFiles(page, [big]);
  const dialog = page.getByRole('dialog', { name: 'Fichier volumineux : confirmez' });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(
    dialog.getByText(
      /« DE_2024_045_Plan local d’urbanisme\.pdf » pèse \d Mo : sa copie scellée occupera autant de place/,
    ),
  ).toBeVisible();
  await expectAccessible(page, 'fichier volumineux');
  await dialog.getByRole('button', { name: 'Ne pas les sceller' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('region', { name: 'Notifications' }).getByText('Dépôt annulé : aucun fichier n’a été scellé.'),
  ).toBeVisible();
  await goTo(page, 'Versements', 'Versements');
  await expect(mainArea(page).getByText(big.name)).toHaveCount(0);

  // Again, confirmed: sealed.
  await goTo(page, 'Déposer', 'Déposer');
  await dropFiles(page, [big]);
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Sceller quand même' }).click();
  await expectIntake(page, 1);
  expect(app.problems).toEqual([]);
});

test('l’activité récente dit la connexion perdue puis rétablie, et l’acte archivé', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Locmaria', siren: '215601138' });
  await goTo(page, 'Déposer', 'Déposer');
  await dropFiles(page, [
    { name: 'CM 12.02.2024 - DEL 20 - Tarifs de la cantine (7.1).pdf', data: makePdf('Tarifs de la cantine') },
  ]);
  await expectIntake(page, 1);
  await app.archive.stop();
  await depositAllNow(page, 1);
  const header = page.getByRole('status', { name: 'État de la connexion à l’archive' });
  await expect(header).toContainText('Archive injoignable', { timeout: 60_000 });

  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  const feed = mainArea(page).getByRole('list', { name: 'Activité récente' });
  const lost = feed.getByRole('listitem').filter({ hasText: 'Connexion à l’archive perdue (Commune de Locmaria)' });
  await expect(lost).toBeVisible({ timeout: 15_000 });
  await expect(lost.getByText('Connexion perdue', { exact: true })).toBeVisible();

  await app.archive.start();
  await expect(
    feed.getByText(/^« CM 12\.02\.2024 - DEL 20 - Tarifs de la cantine \(7\.1\)\.pdf » archivé/),
  ).toBeVisible({
    timeout: 90_000,
  });
  await expect(
    feed.getByText('Connexion à l’archive rétablie (Commune de Locmaria) : les envois reprennent.'),
  ).toBeVisible();
  // Newest first: archived, then back, then lost.
  const texts = await feed.getByRole('listitem').allInnerTexts();
  const at = (re: RegExp) => texts.findIndex((x) => re.test(x));
  expect(at(/archivé/)).toBeLessThan(at(/rétablie/));
  expect(at(/rétablie/)).toBeLessThan(at(/perdue/));
  await feed.scrollIntoViewIfNeeded();
  await auditScreen(page, '43-tableau-de-bord-connexion-retablie');
  expect(app.problems.filter((p) => !/Failed to load resource|WebSocket/.test(p))).toEqual([]);
});

test('sans autorité d’horodatage, le tableau de bord avertit : « Documents non horodatés »', async ({ page, app }) => {
  await app.open(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue dans Sceau' })).toBeVisible();
  // A real archive (as@lae) and no TSA configured: nothing gets a time-stamp.
  await callEngine(page, 'createProfile', {
    profile: {
      name: 'Commune de Landéda',
      siren: '212901030',
      archiveKind: 'asalae',
      endpoints: [{ url: 'https://asalae.exemple.invalid/restservices' }],
      login: 'mairie',
      transferringAgencyId: 'FR_X',
      archivalAgencyId: 'FR_SAE',
      archivalAgreement: 'ACCORD-1',
    },
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
  await goTo(page, 'Déposer', 'Déposer');
  await dropFiles(page, [{ name: 'DE_2024_045_Tarifs cantine.pdf', data: makePdf('Tarifs cantine') }]);
  await expectIntake(page, 1);
  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  const warning = mainArea(page).getByRole('region', { name: 'Documents non horodatés' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Horodatage désactivé : 1 document n’est pas horodaté (« non horodaté »)');
  await auditScreen(page, '44-tableau-de-bord-non-horodates');
  await warning.getByRole('button', { name: 'Régler l’horodatage dans Paramètres' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeVisible();
  expect(app.problems).toEqual([]);
});
