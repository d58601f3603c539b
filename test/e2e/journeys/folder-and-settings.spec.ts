// Journey 6: a public-procurement file dropped as a FOLDER leaves as ONE transfer whose
// units mirror its sub-folders (« Verser comme un seul dossier »), act metadata not
// needed; the integrity check then tells each point it checked.
// Journey 7: « Verser automatiquement … Dès que possible » with a watched folder: a complete
// act written into it is accepted by the archive without a single click.
// Journey 8: Paramètres › Communes (edit, removal refused by the engine, removal), the
// proxy password sent to the keychain only, and the « Ignoré » state brought back.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { metadataVerdict, readActMetadata } from '../../../main/core/acts';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { classificationXml } from '../../tools/classification-xml';
import {
  auditScreen,
  chooseDropCommune,
  createCommuneThroughAssistant,
  documentList,
  dropFiles,
  dropFolder,
  expectAccessible,
  expectDocumentCount,
  expectIntake,
  firstLaunch,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

const FOLDER = 'Marché voirie 2024';
const FOLDER_FILES = [
  `${FOLDER}/Avis d’appel public à la concurrence.pdf`,
  `${FOLDER}/Délibération/CM 12.03.2024 - DEL 45 - Attribution du marché de voirie (1.1).pdf`,
  `${FOLDER}/Notification/Acte d’engagement.pdf`,
  `${FOLDER}/Offres/Offre Kerbrat et fils.pdf`,
  `${FOLDER}/Offres/Offre Le Goff TP.pdf`,
];

/** « Vérifier l’intégrité » on the dashboard; returns the detail lines (level, then text). */
async function verifyIntegrity(page: Page): Promise<string[]> {
  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  await page.getByRole('button', { name: 'Vérifier l’intégrité' }).click();
  const details = mainArea(page).getByRole('list', { name: 'Détail de la vérification' });
  await expect(details).toBeVisible({ timeout: 30_000 });
  const items = details.getByRole('listitem');
  await expect(
    items.filter({ hasText: /^Conforme\s*Journal : \d+ entrées vérifiées, la chaîne est intacte\.$/ }),
  ).toHaveCount(1);
  // Time-stamping is always reported: a valid token, or a point of attention saying why not.
  await expect(items.filter({ hasText: /^(Conforme|Point d’attention)\s*Horodatage : / }).first()).toBeVisible();
  const lines = (await items.allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
  for (const line of lines) expect(line).toMatch(/^(Conforme|Point d’attention|Anomalie) \S.{10,}/);
  const warnings = lines.filter((l) => l.startsWith('Point d’attention')).length;
  if (warnings > 0) {
    await expect(mainArea(page).getByText('Intégrité vérifiée, avec des points d’attention.')).toBeVisible();
    await expect(
      mainArea(page).getByText(
        warnings < 2
          ? '1 point d’attention, expliqué ci-dessous.'
          : `${warnings} points d’attention, expliqués ci-dessous.`,
      ),
    ).toBeVisible();
  } else {
    await expect(mainArea(page).getByText('Intégrité vérifiée : tout est conforme.')).toBeVisible();
  }
  return lines;
}

test('un dossier déposé part en un seul versement, puis l’intégrité détaillée', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Landivisiau', siren: '212901057' });

  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFolder(
    page,
    FOLDER_FILES.map((p) => ({ path: p, data: makePdf(path.basename(p, '.pdf')) })),
  );
  await expectIntake(page, FOLDER_FILES.length);

  // Integrity, a few seconds after the commune was created: the journal is intact, and the
  // time-stamping (the demo's authority stamps every 15 s) is most likely a point of
  // attention — each point says what it is about, beside its level in words.
  const before = await verifyIntegrity(page);
  test.info().annotations.push({ type: 'integrity', description: before.join(' | ') });
  await mainArea(page)
    .getByRole('list', { name: 'Détail de la vérification' })
    .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await auditScreen(page, '23-tableau-de-bord-integrite');
  await goTo(page, 'Déposer', 'Déposer des documents');

  // The drop brought a folder: it is offered as one deposit, every document selected,
  // those the names could not describe included (no act metadata needed for a folder).
  const card = page.locator('section', {
    has: page.getByRole('heading', { name: 'Verser ce dépôt comme un seul dossier' }),
  });
  await expect(card.getByText(`${FOLDER_FILES.length} documents sélectionnés`)).toBeVisible();
  for (const p of FOLDER_FILES) await expect(card.getByRole('checkbox', { name: p })).toBeChecked();
  await expect(card.getByText('À compléter', { exact: true })).toHaveCount(4);
  await expect(card.getByText('Prêt à verser', { exact: true })).toHaveCount(1);

  await card.getByRole('button', { name: 'Verser comme un seul dossier…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verser comme un seul dossier' });
  await expect(dialog).toBeVisible();
  const title = dialog.getByLabel('Intitulé du dossier');
  // Prefilled with the selection's common folder.
  await expect(title).toHaveValue(FOLDER);
  await expect(title).toBeFocused();
  // Validation beside the field.
  await title.fill('   ');
  await dialog.getByRole('button', { name: 'Verser le dossier' }).click();
  await expect(dialog.getByText('Donnez un intitulé au dossier.')).toBeVisible();
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'dossier : intitulé manquant');
  await title.fill('Marché de voirie 2024 — rue du Port');
  await expect(dialog.getByText('Donnez un intitulé au dossier.')).toHaveCount(0);
  await expect(dialog.getByRole('radio', { name: 'Maintenant' })).toBeChecked();
  await auditScreen(page, '21-deposer-dossier');
  await dialog.getByRole('button', { name: 'Verser le dossier' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    card.getByText(
      `Dossier « Marché de voirie 2024 — rue du Port » mis en file d’envoi : ${FOLDER_FILES.length} documents, en un seul versement.`,
    ),
  ).toBeVisible();

  // Versements: all accepted, as ONE transfer (one MessageIdentifier for the five).
  await goTo(page, 'Versements', 'Versements');
  await page.getByLabel('État', { exact: true }).selectOption('accepted');
  await expectDocumentCount(page, FOLDER_FILES.length, 90_000);
  const accepted = app.archive.stats().accepted;
  expect(accepted).toHaveLength(1);
  const identifiers = new Set<string>();
  for (const p of FOLDER_FILES) {
    const name = path.basename(p);
    await documentList(page)
      .getByRole('button', { name: `Détails de ${name}`, exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
    await expect(mainArea(page).getByText(name, { exact: true })).toBeVisible();
    const id = mainArea(page)
      .locator('dt', { hasText: 'Identifiant du message (MessageIdentifier)' })
      .locator('xpath=following-sibling::dd[1]');
    await expect(id).not.toBeEmpty();
    identifiers.add((await id.innerText()).trim());
    if (identifiers.size === 1 && p === FOLDER_FILES[0]) await auditScreen(page, '22-detail-dossier');
    await page.getByRole('button', { name: 'Retour aux versements' }).click();
    await expectDocumentCount(page, FOLDER_FILES.length);
  }
  expect([...identifiers]).toEqual(accepted);

  // Integrity again, once the transfer is in the journal.
  const after = await verifyIntegrity(page);
  expect(after.join(' | ')).toMatch(/Journal : \d+ entrées vérifiées, la chaîne est intacte\./);
  expect(app.problems).toEqual([]);
});

test('versement automatique d’un dossier surveillé, sans un clic', async ({ page, app }) => {
  const watched = `${app.dataDir}-actes`;
  mkdirSync(watched, { recursive: true });
  try {
    await createCommuneThroughAssistant(page, app, { name: 'Commune de Plounéour-Ménez', siren: '212902022' });

    await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
    await page.getByLabel('Chemin du dossier').fill(watched);
    await mainArea(page).getByRole('button', { name: 'Ajouter un dossier' }).click();
    await expect(mainArea(page).getByRole('heading', { level: 3, name: watched })).toBeVisible();
    await expect(mainArea(page).getByText('Surveillé', { exact: true })).toBeVisible();
    await expect(mainArea(page).getByText(/^Versement automatique : non\./)).toBeVisible();
    await mainArea(page).getByRole('button', { name: 'Modifier dans Paramètres' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Paramètres' })).toBeVisible();
    const auto = page.getByRole('group', {
      name: 'Verser automatiquement les documents complets des dossiers surveillés',
    });
    await expect(auto.getByRole('radio', { name: 'Non' })).toBeChecked();
    await auto.getByRole('radio', { name: 'Dès que possible' }).check();
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await expect(
      page.getByRole('region', { name: 'Notifications' }).getByText('Paramètres enregistrés.'),
    ).toBeVisible();
    await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
    await expect(mainArea(page).getByText(/^Versement automatique : dès que possible\./)).toBeVisible();
    await auditScreen(page, '27-dossiers-versement-automatique');

    // A complete act (the engine's own reading says so) lands in the watched folder…
    const name = 'DE_2024_045_(7.1)_vote du budget 12-03-2024.pdf';
    const reading = readActMetadata(name);
    expect(reading.missing).toEqual([]);
    expect(metadataVerdict(reading.role, reading.metadata).complete).toBe(true);
    const staging = path.join(`${app.dataDir}-staging`);
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, name), makePdf('Vote du budget 2024', 2));
    renameSync(path.join(staging, name), path.join(watched, name));
    rmSync(staging, { recursive: true, force: true });

    // …and is accepted by the archive with no click at all.
    await goTo(page, 'Versements', 'Versements');
    await page.getByLabel('État', { exact: true }).selectOption('accepted');
    await expectDocumentCount(page, 1, 90_000);
    await expect(documentList(page).getByRole('button', { name: `Détails de ${name}` })).toBeVisible();
    expect(app.archive.stats().accepted).toHaveLength(1);
    // The folder's card says what came from it and when.
    await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
    const card = mainArea(page).getByRole('listitem').filter({ hasText: watched });
    await expect(card.getByText(/^1 document venu de ce dossier — dernier : « DE_2024_045/)).toBeVisible();
    expect(app.problems).toEqual([]);
  } finally {
    rmSync(watched, { recursive: true, force: true });
  }
});

test('communes modifiées et supprimées, mot de passe du proxy, document ignoré puis repris', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Sizun', siren: '212902774' });
  const switcher = page.getByRole('banner').getByLabel('Commune', { exact: true });
  await switcher.selectOption({ label: 'Ajouter une commune' });
  await firstLaunch(page, { name: 'Commune de Locmélar', siren: '212901248', adding: true });

  // A document of Locmélar, set aside then brought back (« Ignoré » / « Reprendre »).
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'scan0002.pdf', data: makePdf('Registre 1954') }]);
  await chooseDropCommune(page, 'Commune de Locmélar');
  await expectIntake(page, 1);
  await goTo(page, 'Versements', 'Versements');
  await expectDocumentCount(page, 1);
  await documentList(page).getByRole('button', { name: 'Détails de scan0002.pdf' }).click();
  await mainArea(page).getByRole('button', { name: 'Ignorer' }).click();
  await expect(mainArea(page).getByText('Ignoré', { exact: true }).first()).toBeVisible();
  await expect(mainArea(page).getByText(/Ce document est mis de côté/)).toBeVisible();
  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  const counts = mainArea(page).locator('.counts');
  await expect(counts.getByRole('listitem').filter({ hasText: 'Ignoré' })).toContainText('1');
  await goTo(page, 'Versements', 'Versements');
  await page.getByLabel('État', { exact: true }).selectOption('ignored');
  await expectDocumentCount(page, 1);
  await expect(documentList(page).getByText('Ignoré', { exact: true })).toBeVisible();
  await auditScreen(page, '24-versements-ignore');
  await documentList(page)
    .getByRole('button', { name: /^Reprendre/ })
    .click();
  await expectDocumentCount(page, 0);
  await page.getByLabel('État', { exact: true }).selectOption('needs_metadata');
  await expectDocumentCount(page, 1);

  // À verser: a document still « à compléter » can be selected, but only for a folder.
  await goTo(page, 'À verser', 'À verser');
  await expect(
    mainArea(page).getByRole('heading', { level: 2, name: /Bloqués : informations à compléter \(1\)/ }),
  ).toBeVisible();
  await expect(mainArea(page).getByRole('button', { name: 'Verser comme un seul dossier…' })).toBeDisabled();
  await page.getByLabel('Sélectionner tous les documents à compléter').check();
  await expect(mainArea(page).getByText('1 document sélectionné')).toBeVisible();
  await expect(
    mainArea(page).getByText(/1 document à compléter est sélectionné : il ne peut partir que dans un dossier/),
  ).toBeVisible();
  await auditScreen(page, '29-a-verser-a-completer');
  await mainArea(page).getByRole('button', { name: 'Verser comme un seul dossier…' }).click();
  const folderDialog = page.getByRole('dialog', { name: 'Verser comme un seul dossier' });
  // No common folder (a file dropped on its own): the title is left to the secretary.
  await expect(folderDialog.getByLabel('Intitulé du dossier')).toHaveValue('');
  await folderDialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(folderDialog).toBeHidden();

  // Paramètres › Communes: edit Locmélar (validation beside the field).
  await goTo(page, 'Paramètres', 'Paramètres');
  const communes = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Communes' }) });
  await expect(communes.getByRole('heading', { level: 3 })).toHaveText([/Commune de Sizun/, /Commune de Locmélar/]);
  await communes.getByRole('button', { name: 'Modifier Commune de Locmélar' }).click();
  const form = communes.getByRole('form', { name: 'Modifier « Commune de Locmélar »' });
  await expect(form.getByLabel('Nom de la commune')).toHaveValue('Commune de Locmélar');
  await expect(form.getByRole('radio', { name: 'Archive de démonstration' })).toBeChecked();
  await form.getByLabel('Nom de la commune').fill('Commune de Locmélar (Finistère)');
  await form.getByLabel('SIREN de la commune').fill('2129');
  await form.getByRole('button', { name: 'Enregistrer la commune' }).click();
  await expect(form.getByText('Le SIREN comporte exactement 9 chiffres.')).toBeVisible();
  await expect(form.getByLabel('SIREN de la commune')).toBeFocused();
  await auditScreen(page, '25-parametres-commune');
  await form.getByLabel('SIREN de la commune').fill('212901248');

  // The prefecture's classification: another @CTES file is refused in French, the right one
  // replaces the national base for this commune only.
  const classification = form.getByRole('region', { name: 'Classification des actes' });
  await expect(classification.getByRole('status')).toContainText('Nomenclature nationale');
  const classFile = classification.locator('input[type="file"]');
  await classFile.setInputFiles({
    name: 'accuse.xml',
    mimeType: 'application/xml',
    buffer: Buffer.from(
      '<?xml version="1.0"?><actes:ARActe xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"/>',
    ),
  });
  await expect(classification.getByRole('alert')).toContainText('n’est pas une classification de la préfecture');
  await classFile.setInputFiles({
    name: 'classification_029.xml',
    mimeType: 'application/xml',
    buffer: classificationXml(),
  });
  await expect(classification.getByRole('status')).toContainText(
    /Nomenclature de la préfecture : 9 codes, fichier « classification_029\.xml » du .*2025, importé le/,
  );
  await expect(classification.getByRole('alert')).toHaveCount(0);
  await expect(classification.getByRole('button', { name: 'Revenir à la nomenclature nationale' })).toBeVisible();
  await classification.scrollIntoViewIfNeeded();
  await auditScreen(page, '30-parametres-classification');
  await form.getByRole('button', { name: 'Tester la connexion' }).click();
  await expect(form.getByText(/Connexion réussie/)).toBeVisible();
  await form.getByRole('button', { name: 'Enregistrer la commune' }).click();
  await expect(
    page
      .getByRole('region', { name: 'Notifications' })
      .getByText('Commune « Commune de Locmélar (Finistère) » enregistrée.'),
  ).toBeVisible();
  await expect(form).toBeHidden();
  // The renamed commune in the switcher, with what it still has pending (its document).
  await expect(switcher.locator('option:checked')).toHaveText(
    'Commune de Locmélar (Finistère) — 1 document en attente',
  );

  // The metadata form now speaks the prefecture's list: its label under a code, and a
  // warning for a code outside it (the national base has 7.5, the prefecture does not).
  await goTo(page, 'Versements', 'Versements');
  await page.getByLabel('État', { exact: true }).selectOption('needs_metadata');
  await documentList(page).getByRole('button', { name: 'Détails de scan0002.pdf' }).click();
  const code = mainArea(page).getByRole('textbox', { name: 'Classification (obligatoire)' });
  await code.fill('7.10');
  await expect(mainArea(page).getByText('Divers (spécifique à la préfecture d’Ille-et-Vilaine)')).toBeVisible();
  await code.fill('7.5');
  await expect(
    mainArea(page).getByText(
      'Ce code ne figure pas dans la nomenclature de la préfecture importée pour cette commune.',
    ),
  ).toBeVisible();
  await code.fill('');
  await goTo(page, 'Paramètres', 'Paramètres');

  // Removal of a commune with sealed documents: the engine refuses, its words are shown.
  await communes.getByRole('button', { name: 'Supprimer Commune de Locmélar (Finistère)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Supprimer cette commune ?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  const refusal = communes.getByRole('alert').filter({ hasText: 'La commune n’a pas été supprimée.' });
  await expect(refusal).toContainText(/garde la trace de 1 document/);
  await auditScreen(page, '26-parametres-suppression-refusee');

  // Removal of the one without documents, after confirmation.
  await communes.getByRole('button', { name: 'Supprimer Commune de Sizun' }).click();
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  await expect(
    page.getByRole('region', { name: 'Notifications' }).getByText('La commune « Commune de Sizun » a été supprimée.'),
  ).toBeVisible();
  await expect(communes.getByRole('heading', { level: 3 })).toHaveText([/Commune de Locmélar \(Finistère\)/]);
  await expect(switcher.locator('option', { hasText: 'Commune de Sizun' })).toHaveCount(0);

  // The proxy password goes to the keychain only: stored, never shown back, removable.
  await page.getByRole('radio', { name: 'Manuel' }).check();
  await page.getByLabel('Adresse du proxy').fill('http://proxy.mairie.local:3128');
  await page.getByLabel('Identifiant du proxy').fill('secretariat');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByText('Saisissez le mot de passe du proxy.')).toBeVisible();
  await page.getByLabel('Mot de passe du proxy').fill('correct horse battery');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(
    mainArea(page).getByText(
      /Mot de passe (enregistré dans le trousseau\.|gardé en mémoire pour cette session seulement)/,
    ),
  ).toBeVisible();
  await expect(page.getByLabel('Mot de passe du proxy')).toHaveValue('');
  await expect(page.getByText('correct horse battery')).toHaveCount(0);
  await auditScreen(page, '28-parametres-proxy');
  await page.getByRole('button', { name: 'Supprimer le mot de passe du proxy' }).click();
  await expect(mainArea(page).getByText('Mot de passe du proxy supprimé.')).toBeVisible();
  expect(app.problems).toEqual([]);
});
