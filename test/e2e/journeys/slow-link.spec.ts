// On a slow link (a town hall on ADSL, the web host far away): a button clicked twice while
// its call is still on its way must act once, and what is on screen must come back after
// the host restarts (no error banner left from the outage).
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { createCommuneThroughAssistant, dropFiles, expectIntake, goTo, mainArea, makePdf, VIEWPORT } from './helpers';

test.use({ viewport: VIEWPORT });
test.setTimeout(300_000);

/** Relays the page's contract calls to the host, holding back the ones on `slow` channels. */
async function slowChannels(page: Page, slow: string[], delayMs: number): Promise<string[]> {
  const calls: string[] = [];
  await page.routeWebSocket(/\/api$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      let channel = '';
      try {
        channel = String((JSON.parse(String(message)) as { channel?: unknown }).channel ?? '');
      } catch {
        // not a call
      }
      calls.push(channel);
      if (slow.includes(channel)) setTimeout(() => server.send(message), delayMs);
      else server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return calls;
}

test('un double clic sur « Ignorer » pendant un appel lent n’agit qu’une fois', async ({ page, app }) => {
  const calls = await slowChannels(page, ['ignoreDocuments', 'retryDocuments'], 1500);
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Plouvorn', siren: '212902105' });
  await goTo(page, 'Déposer', 'Déposer des documents');
  await dropFiles(page, [{ name: 'scan0001.pdf', data: makePdf('Document sans nom') }]);
  await expectIntake(page, 1);
  await goTo(page, 'Versements', 'Versements');
  await page
    .getByRole('button', { name: /^Détails de scan0001\.pdf/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Détail du document' })).toBeVisible();
  const ignore = mainArea(page).getByRole('button', { name: 'Ignorer', exact: true });
  await ignore.click();
  // The second click of an impatient user, while the first is still on its way.
  await ignore.click({ force: true, timeout: 2000 }).catch(() => undefined);
  const toasts = page.getByRole('region', { name: 'Notifications' });
  await expect(toasts.getByText('1 document mis à jour.')).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(2500);
  expect(calls.filter((c) => c === 'ignoreDocuments')).toHaveLength(1);
  await expect(toasts.getByText('0 document mis à jour.')).toHaveCount(0);

  // The same in Versements: « Reprendre » on the row, clicked twice.
  await page.getByRole('button', { name: 'Retour aux versements' }).click();
  const restore = mainArea(page).getByRole('button', { name: /^Reprendre/ });
  await restore.click();
  await restore.click({ timeout: 2000 }).catch(() => undefined);
  await expect(restore).toHaveCount(0, { timeout: 15_000 });
  await page.waitForTimeout(2500);
  expect(calls.filter((c) => c === 'retryDocuments')).toHaveLength(1);
  await expect(toasts.getByText('0 document mis à jour.')).toHaveCount(0);
});

test('après une coupure avec le service, « À verser » ne garde pas l’erreur une fois la liste revenue', async ({
  page,
  app,
}) => {
  // The link to the host, which the test cuts and restores.
  const link = { down: false, pages: [] as { close(): Promise<void> }[] };
  await page.routeWebSocket(/\/api$/, (ws) => {
    if (link.down) {
      // Accepted, then dropped at once: the host dying again while the page reconnects.
      ws.onMessage(() => undefined);
      setTimeout(() => void ws.close(), 100);
      return;
    }
    link.pages.push(ws);
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => ws.send(m));
  });
  await createCommuneThroughAssistant(page, app, { name: 'Commune de Guiclan', siren: '212900745' });
  link.down = true;
  for (const ws of link.pages.splice(0)) await ws.close();
  await goTo(page, 'À verser', 'À verser');
  const banner = mainArea(page).getByText(/service Sceau/);
  await expect(banner.first()).toBeVisible({ timeout: 15_000 });
  link.down = false;
  // Connected again: the list comes back, and the outage's error goes with it.
  await expect(mainArea(page).getByText(/^Rien à verser pour l’instant/)).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
});
