// Journey « un acte, un formulaire » (issue 17): the files of one act dropped together — the
// act, an annex whose name says nothing of it, its detached signature — are shown as ONE act
// with two attachments before anything is sealed; once confirmed, « À verser » lists one
// act with its two attachments, none selectable alone, and « Tout sélectionner → Verser »
// sends one versement holding the three files. Then a drop where the user changes the guess
// (moves a file to another act, makes an annex an act of its own), and the « à rattacher »
// files attached later from the annex's page and from the act's page.
import { expect, test } from '../fixtures';
import {
  auditScreen,
  createCommuneThroughAssistant,
  depositAllNow,
  documentList,
  dropFiles,
  expectIntake,
  goTo,
  mainArea,
  makePdf,
  VIEWPORT,
} from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

const ACT = 'Deliberation 2024-045 budget primitif.pdf';
const ANNEX = 'annexe budget.pdf';
const SIG = 'Deliberation 2024-045 budget primitif.pdf.p7s';

test('un acte, ses annexes et sa signature : un seul acte, rien de versable seul', async ({ page, app }) => {
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Plouzévédé', siren: '212901982' });
  await goTo(page, 'Déposer', 'Déposer des documents');

  await dropFiles(page, [
    { name: ACT, data: makePdf('Budget primitif 2024', 2) },
    { name: ANNEX, data: makePdf('Annexe budget') },
    { name: SIG, data: Buffer.from('signature CMS détachée'), type: 'application/pkcs7-signature' },
  ]);

  // Before anything is sealed: one act, its two attachments, the guess said and changeable.
  const dialog = page.getByRole('dialog', { name: 'Les pièces de chaque acte' });
  await expect(dialog).toBeVisible();
  const acts = dialog.getByRole('list', { name: '1 acte dans ce dépôt' });
  await expect(acts.getByRole('listitem', { name: `Acte « ${ACT} »` })).toContainText('2 pièces jointes');
  for (const name of [ANNEX, SIG])
    await expect(dialog.getByLabel(`Va avec « ${name} »`).locator('option:checked')).toHaveText(`l’acte « ${ACT} »`);
  await expect(dialog.getByLabel(`Va avec « ${ACT} »`).locator('option:checked')).toHaveText('Un acte à part entière');
  await expect(dialog.getByRole('heading', { name: 'À rattacher' })).toHaveCount(0);
  await auditScreen(page, '50-deposer-regroupement');
  await dialog.getByRole('button', { name: 'Confirmer et déposer' }).click();
  await expect(dialog).toBeHidden();
  await expectIntake(page, 3);

  // Nothing ready on its own: the annex waits for its act.
  const session = page.locator('section', {
    has: page.getByRole('heading', { name: 'Déposés pendant cette session' }),
  });
  const annexRow = session.getByRole('listitem').filter({ hasText: ANNEX });
  await expect(annexRow).toContainText('Attend que son acte soit complété');
  await expect(annexRow).not.toContainText('Prêt à verser');

  // One form for the act: only the act is « à compléter » (its date and classification).
  const toComplete = page.locator('section', { has: page.getByRole('heading', { name: /^À compléter/ }) });
  await expect(toComplete.getByRole('heading', { name: 'À compléter (1)' })).toBeVisible();
  await toComplete.getByRole('button', { name: /budget primitif\.pdf$/ }).click();
  const form = page.getByRole('form', { name: 'Informations de l’acte' });
  await expect(form.getByLabel('Numéro de l’acte')).toHaveValue('2024_045');
  await form.getByLabel('Date de l’acte').fill('2024-03-12');
  await form.getByLabel(/^Classification/).fill('7.1');
  await form.getByRole('button', { name: 'Enregistrer les informations' }).click();
  await expect(mainArea(page).getByText('Rien à compléter : tout est prêt.')).toBeVisible({ timeout: 15_000 });

  // À verser: one act, its two attachments under it, neither selectable on its own.
  await goTo(page, 'À verser', 'À verser');
  const ready = page.locator('section', { has: page.getByRole('heading', { name: /prêts?$/ }) });
  await expect(ready.getByRole('heading', { name: '3 documents prêts' })).toBeVisible({ timeout: 15_000 });
  const attachments = ready.getByRole('list', { name: `2 pièces jointes de ${ACT}` });
  await expect(attachments.getByRole('listitem')).toHaveCount(2);
  await expect(attachments.getByRole('listitem').filter({ hasText: ANNEX })).toContainText('Annexe');
  await expect(attachments.getByRole('listitem').filter({ hasText: SIG })).toContainText('Fichier de signature');
  // « Tout sélectionner » and the act: the only two boxes.
  await expect(ready.getByRole('checkbox')).toHaveCount(2);
  await expect(ready.getByRole('checkbox', { name: new RegExp(ANNEX.replace('.', '\\.')) })).toHaveCount(0);
  await ready.getByRole('checkbox', { name: /avec 2 pièces jointes/ }).check();
  await expect(mainArea(page).getByText('3 documents sélectionnés')).toBeVisible();
  await ready.getByRole('checkbox', { name: /avec 2 pièces jointes/ }).uncheck();
  await expect(mainArea(page).getByText('0 document sélectionné')).toBeVisible();

  // Tout sélectionner → Verser: ONE versement carries the three files.
  await depositAllNow(page, 3, '51-a-verser-un-acte');
  await expect.poll(() => app.archive.stats().accepted.length, { timeout: 60_000 }).toBe(1);
  await goTo(page, 'Versements', 'Versements');
  await expect(documentList(page).getByText('Accepté par l’archive')).toHaveCount(3, { timeout: 60_000 });
  expect(app.archive.stats().accepted).toHaveLength(1);

  // Second drop: the user changes the guess. The plan goes with the first arrêté (its name
  // says nothing); the « annexe 1 » is in fact an act of its own.
  const A1 = 'Arrete 2024-101 stationnement rue du Port.pdf';
  const A2 = 'Arrete 2024-102 marche hebdomadaire.pdf';
  const PLAN = 'plan du stationnement annexe.pdf';
  const A2X = 'Arrete 2024-102 marche hebdomadaire annexe 1.pdf';
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [
    { name: A1, data: makePdf('Stationnement') },
    { name: A2, data: makePdf('Marche hebdomadaire') },
    { name: PLAN, data: makePdf('Plan') },
    { name: A2X, data: makePdf('Marche du dimanche') },
  ]);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('list', { name: '2 actes dans ce dépôt' })).toBeVisible();
  // Two acts and nothing in its name: the plan is « à rattacher », never given at random.
  const loose = dialog.locator('section', { has: page.getByRole('heading', { name: 'À rattacher' }) });
  await expect(loose).toContainText(PLAN);
  await expect(dialog.getByLabel(`Va avec « ${A2X} »`).locator('option:checked')).toHaveText(`l’acte « ${A2} »`);
  await dialog.getByLabel(`Va avec « ${PLAN} »`).selectOption({ label: `l’acte « ${A1} »` });
  await dialog.getByLabel(`Va avec « ${A2X} »`).selectOption({ label: 'Un acte à part entière' });
  await expect(dialog.getByRole('list', { name: '3 actes dans ce dépôt' })).toBeVisible();
  await expect(dialog.getByRole('listitem', { name: `Acte « ${A1} »` })).toContainText('1 pièce jointe');
  await expect(dialog.getByRole('listitem', { name: `Acte « ${A2} »` })).toContainText('Aucune pièce jointe');
  await expect(dialog.getByRole('heading', { name: 'À rattacher' })).toHaveCount(0);
  await auditScreen(page, '52-deposer-regroupement-modifie');
  await dialog.getByRole('button', { name: 'Confirmer et déposer' }).click();
  await expectIntake(page, 4);
  // Three acts to complete; the « annexe 1 » is one of them, the plan is not.
  await expect(toComplete.getByRole('heading', { name: 'À compléter (3)' })).toBeVisible({ timeout: 15_000 });
  await expect(toComplete.getByRole('button', { name: new RegExp(`${A2X.replace(/[.]/g, '\\.')}$`) })).toBeVisible();
  await expect(toComplete.getByText(PLAN)).toHaveCount(0);

  // A loose annex dropped alone is « à rattacher », attached from its own page.
  await dropFiles(page, [{ name: 'annexe tarifs cantine.pdf', data: makePdf('Tarifs cantine') }]);
  await expectIntake(page, 1);
  const row = toComplete.getByRole('listitem').filter({ hasText: 'annexe tarifs cantine.pdf' });
  await expect(row.getByText('À rattacher', { exact: true })).toBeVisible({ timeout: 15_000 });
  await goTo(page, 'À verser', 'À verser');
  const blocked = page.locator('section', { has: page.getByRole('heading', { name: /^Bloqués/ }) });
  await blocked.getByRole('button', { name: 'Rattacher annexe tarifs cantine.pdf' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  const panel = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'À rattacher' }) });
  await expect(panel).toContainText('Ce fichier accompagne un acte : il ne sera versé qu’avec lui.');
  await panel.getByLabel('Acte de rattachement').selectOption({ label: `${A2} — Marche hebdomadaire` });
  await auditScreen(page, '53-detail-a-rattacher');
  await panel.getByRole('button', { name: 'Rattacher à cet acte' }).click();
  await expect(mainArea(page).getByText(`Pièce jointe de l’acte « ${A2} ».`)).toBeVisible({ timeout: 15_000 });

  // And from the act's page: its attachments listed, one « à rattacher » added there.
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'annexe photo du marche.pdf', data: makePdf('Photo') }]);
  await expectIntake(page, 1);
  await goTo(page, 'Versements', 'Versements');
  await documentList(page)
    .getByRole('button', { name: new RegExp(`^Détails de\\s+${A2.replace(/[.]/g, '\\.')}`) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  const family = mainArea(page).getByRole('region', { name: 'Annexes et signatures rattachées' });
  await expect(family).toContainText('annexe tarifs cantine.pdf');
  await family.getByLabel('Fichier à ajouter à cet acte').selectOption({ label: 'annexe photo du marche.pdf' });
  await family.getByRole('button', { name: 'Ajouter à cet acte' }).click();
  await expect(family).toContainText('annexe photo du marche.pdf', { timeout: 15_000 });
  await expect(family.getByText('Aucun fichier « à rattacher » dans cette commune.')).toBeVisible();
  await auditScreen(page, '54-detail-acte-pieces');

  expect(app.problems).toEqual([]);
});
