// Journey 1: first launch → commune on the demo archive → drop real files → complete the
// metadata of the one the name could not tell → deposit → accepted, with receipt. Every
// screen audited with axe-core and captured in light and dark.
import { expect, test } from '../fixtures';
import {
  auditScreen,
  confirmActGroups,
  depositAllNow,
  documentList,
  dropFiles,
  expectAccessible,
  expectIntake,
  firstLaunch,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
// A long journey on a shared 2-core machine: room for the axe audits and screenshots.
test.setTimeout(300_000);

test('premier lancement jusqu’au premier versement accepté', async ({ page, app }) => {
  await app.open(page);

  // Assistant: SIREN validation message beside the field.
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue dans Sceau' })).toBeVisible();
  await page.getByLabel('Nom de la commune').fill('Commune de Plouzévédé');
  // A SIREN pasted as printed on the INSEE notice keeps its nine digits.
  await page.getByLabel('SIREN de la commune').fill('212 901 982');
  await expect(page.getByLabel('SIREN de la commune')).toHaveValue('212901982');
  await page.getByLabel('SIREN de la commune').fill('2129');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByText('Le SIREN comporte exactement 9 chiffres.')).toBeVisible();
  await expect(page.getByLabel('SIREN de la commune')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'assistant avec erreur');
  await page.getByLabel('SIREN de la commune').fill('');
  await firstLaunch(page, { name: 'Commune de Plouzévédé', siren: '212901982', audit: true });

  await expect(
    mainArea(page)
      .getByText('Aucun document pour l’instant. Déposez des fichiers ou ajoutez un dossier surveillé.')
      .first(),
  ).toBeVisible();
  await auditScreen(page, '04-tableau-de-bord-vide');

  // Déposer: an act complete from its name, its annex, one whose name says little, and an
  // office temporary file that must be set aside with its reason.
  await goTo(page, 'Déposer', 'Déposer des documents');
  await auditScreen(page, '05-deposer-vide');
  await dropFiles(page, [
    { name: 'CM 12.03.2024 - DEL 45 - Budget primitif (7.1).pdf', data: makePdf('Budget primitif 2024', 3) },
    { name: 'CM 12.03.2024 - DEL 45 - Budget primitif (7.1) annexe 1.pdf', data: makePdf('Annexe budget') },
    { name: 'scan0001.pdf', data: makePdf('Arrete de voirie') },
    { name: '~$brouillon.docx', data: Buffer.from('verrou Word'), type: 'application/octet-stream' },
  ]);
  // The annex is shown with its act before anything is sealed (« un acte, un formulaire »).
  await confirmActGroups(page, 2);
  await expectIntake(page, 3);
  await expect(mainArea(page).getByText('1 fichier ignoré :')).toBeVisible();
  await expect(mainArea(page).getByText('~$brouillon.docx')).toBeVisible();

  // The dropped files are linked to their documents (documentIds): the two complete ones
  // are listed for this session, the unreadable one is « à compléter ».
  const session = page.locator('section', {
    has: page.getByRole('heading', { name: 'Déposés pendant cette session' }),
  });
  await expect(
    session.getByRole('button', { name: 'Voir le détail CM 12.03.2024 - DEL 45 - Budget primitif (7.1).pdf' }),
  ).toBeVisible();
  await expect(
    session.getByRole('button', { name: 'Voir le détail CM 12.03.2024 - DEL 45 - Budget primitif (7.1) annexe 1.pdf' }),
  ).toBeVisible();
  const toComplete = page.locator('section', { has: page.getByRole('heading', { name: /^À compléter/ }) });
  await expect(toComplete.getByRole('heading', { name: 'À compléter (1)' })).toBeVisible();
  await toComplete.getByRole('button', { name: /scan0001\.pdf/ }).click();
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await expect(form).toBeVisible();
  await expect(toComplete.getByText(/Document PDF/)).toBeVisible();
  // Client-side checks beside the fields.
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(form.getByText('Choisissez la nature de l’acte.')).toBeVisible();
  await expect(form.getByLabel('Nature de l’acte')).toBeFocused();
  await auditScreen(page, '06-deposer-a-completer');
  await form.getByLabel('Nature de l’acte').selectOption('AR');
  await form.getByLabel('Numéro de l’acte').fill('2024_112');
  await form.getByLabel('Date de l’acte').fill('2024-04-02');
  await form.getByLabel('Objet').fill('Réglementation de la circulation rue du Port');
  await form.getByLabel(/^Classification/).fill('police');
  await page.getByRole('button', { name: /^Choisir 6\.1/ }).click();
  await expect(form.getByLabel(/^Classification/)).toHaveValue('6.1');
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(mainArea(page).getByText('Rien à compléter : tout est prêt.')).toBeVisible({ timeout: 15_000 });
  await expect(session.getByRole('button', { name: 'Voir le détail scan0001.pdf' })).toBeVisible();

  // À verser → Verser maintenant.
  await depositAllNow(page, 3, '07-a-verser');

  // Versements: the acts end up accepted by the archive.
  await goTo(page, 'Versements', 'Versements');
  await page.getByLabel('Ordre').selectOption('newest');
  await expect(documentList(page).getByText('Accepté par l’archive')).toHaveCount(3, { timeout: 60_000 });
  await auditScreen(page, '08-versements');

  // Détail: timeline, fingerprint, identifiers, receipt.
  await page
    .getByRole('button', { name: /Détails de\s+CM 12\.03\.2024 - DEL 45 - Budget primitif \(7\.1\)\.pdf/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  await expect(page.getByText(/^[0-9a-f]{64}$/)).toBeVisible();
  // The deposit itself says where it went, whatever commune is active later.
  await expect(mainArea(page).getByRole('note')).toContainText('Versé à l’archive de démonstration');
  await expect(page.getByText('Identifiant du message (MessageIdentifier)', { exact: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger l’attestation' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/i);
  await auditScreen(page, '09-detail');

  // Tableau de bord with real counts, then the integrity check.
  await goTo(page, 'Tableau de bord', 'Tableau de bord');
  await expect(mainArea(page).getByText('3 documents au total')).toBeVisible();
  await page.getByRole('button', { name: 'Vérifier l’intégrité' }).click();
  await expect(mainArea(page).getByText(/^Contrôlés : \d+ entrées du journal et 3 fichiers scellés\.$/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(mainArea(page).getByText(/Intégrité vérifiée/)).toBeVisible();
  await auditScreen(page, '10-tableau-de-bord');

  await goTo(page, 'Dossiers surveillés', 'Dossiers surveillés');
  await auditScreen(page, '11-dossiers-surveilles');
  await goTo(page, 'Paramètres', 'Paramètres');
  await auditScreen(page, '12-parametres');

  expect(app.problems).toEqual([]);
});
