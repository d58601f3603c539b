// Shared steps of the user journeys: first-launch assistant, dropping real files on the
// drop zone, accessibility audit (axe-core, WCAG 2.1 A/AA) and light/dark screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import type { SceauApp } from '../fixtures';

export const SCREENSHOTS = process.env.SCEAU_SCREENSHOTS ?? path.resolve(import.meta.dirname, '..', 'screenshots');

/** A small but valid PDF (correct xref) with `pages` pages showing `title`. */
export function makePdf(title: string, pages = 1): Buffer {
  const objects: string[] = [];
  const kids: string[] = [];
  const font = 3 + pages * 2;
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  for (let i = 0; i < pages; i++) kids.push(`${3 + i * 2} 0 R`);
  objects.push(`<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`);
  const safe = title.replace(/[()\\]/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  for (let i = 0; i < pages; i++) {
    const content = `BT /F1 18 Tf 72 720 Td (${safe} - page ${i + 1}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + i * 2} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface DropFile {
  name: string;
  data: Buffer;
  type?: string;
}

/** Drops real files (their bytes) on the « Déposer » drop zone, as a user's drag would. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    b64: f.data.toString('base64'),
    type: f.type ?? 'application/pdf',
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const it of items) {
      const bin = Uint8Array.from(atob(it.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], it.name, { type: it.type, lastModified: Date.now() }));
    }
    return dt;
  }, payload);
  const zone = page.getByRole('region', { name: 'Glissez ici des fichiers ou des dossiers' });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export interface FolderFile {
  /** Path inside the dropped folder, its name first: `Marché 2024/Offres/offre.pdf`. */
  path: string;
  data: Buffer;
  type?: string;
}

/**
 * Drops a FOLDER (with sub-folders) on the « Déposer » drop zone, as the file manager
 * does: the drop carries directory entries (webkitGetAsEntry) that the page walks itself,
 * their readers answering in small batches like Chromium's. Playwright cannot build a
 * real directory DataTransfer, so the entries are made in the page with the same shape.
 */
export async function dropFolder(page: Page, files: FolderFile[]): Promise<void> {
  const payload = files.map((f) => ({
    path: f.path,
    b64: f.data.toString('base64'),
    type: f.type ?? 'application/pdf',
  }));
  const zone = page.getByRole('region', { name: 'Glissez ici des fichiers ou des dossiers' });
  await zone.evaluate((el, items) => {
    interface Entry {
      isFile: boolean;
      isDirectory: boolean;
      name: string;
      fullPath: string;
      children?: Entry[];
      file?: (ok: (f: File) => void) => void;
      createReader?: () => { readEntries(ok: (batch: Entry[]) => void): void };
    }
    const top: Entry[] = [];
    const dirs = new Map<string, Entry>();
    const dirFor = (parts: string[]): Entry[] => {
      if (parts.length === 0) return top;
      const key = parts.join('/');
      let dir = dirs.get(key);
      if (!dir) {
        const children: Entry[] = [];
        dir = {
          isFile: false,
          isDirectory: true,
          name: parts[parts.length - 1] ?? '',
          fullPath: `/${key}`,
          children,
          createReader: () => {
            let next = 0;
            return {
              readEntries(ok) {
                const batch = children.slice(next, next + 2);
                next += batch.length;
                setTimeout(() => ok(batch), 0);
              },
            };
          },
        };
        dirs.set(key, dir);
        dirFor(parts.slice(0, -1)).push(dir);
      }
      return dir.children ?? [];
    };
    for (const it of items) {
      const parts = it.path.split('/');
      const name = parts[parts.length - 1] ?? it.path;
      const bin = Uint8Array.from(atob(it.b64), (c) => c.charCodeAt(0));
      dirFor(parts.slice(0, -1)).push({
        isFile: true,
        isDirectory: false,
        name,
        fullPath: `/${it.path}`,
        file: (ok) => ok(new File([bin], name, { type: it.type, lastModified: Date.now() })),
      });
    }
    const dataTransfer = {
      items: top.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null })),
      files: [],
      dropEffect: 'copy',
    };
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = new DragEvent(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      el.dispatchEvent(event);
    }
  }, payload);
}

/** Runs axe-core (WCAG 2.1 A + AA) on the page and expects no violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(' | ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

/** The size every journey runs at, and of the screenshots (kept small: the viewport only). */
export const VIEWPORT = { width: 1280, height: 800 };

/** Audits the screen and saves it in light and dark (prefers-color-scheme). */
export async function auditScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Audited with whatever toasts are up; captured without them, so the screen shows.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await expectAccessible(page, `${name} (${scheme})`);
  }
  await dismissToasts(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${name}-${scheme}.png`),
      animations: 'disabled',
      caret: 'hide',
    });
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}

/** Closes the notifications on screen (with their own button, as a user would). */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page
    .getByRole('region', { name: 'Notifications' })
    .getByRole('button', { name: 'Fermer la notification' });
  // A toast may leave by itself between the count and the click: a short, tolerant click.
  for (let n = await close.count(); n > 0; n = await close.count())
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
}

/** The screen's content (not the header, the navigation or the hidden live regions). */
export function mainArea(page: Page): Locator {
  return page.getByRole('main');
}

/** The Versements list (virtualized: only the rows on screen are in the DOM). */
export function documentList(page: Page): Locator {
  return page.getByRole('list', { name: 'Liste des documents' });
}

/** Waits for the Versements screen to announce this many documents (French number format). */
export async function expectDocumentCount(page: Page, count: number, timeout = 15_000): Promise<void> {
  const n = new Intl.NumberFormat('fr-FR').format(count).replace(/\s/g, '\\s');
  await expect(
    mainArea(page)
      .getByRole('status')
      .filter({ hasText: new RegExp(`^${n} documents?$`) }),
  ).toBeVisible({ timeout });
}

/** Waits for the Déposer screen's outcome of a drop: « N fichiers reçus et scellés ». */
export async function expectIntake(page: Page, count: number): Promise<void> {
  const text = count < 2 ? `${count} fichier reçu et scellé.` : `${count} fichiers reçus et scellés.`;
  await expect(mainArea(page).getByText(text, { exact: true })).toBeVisible({ timeout: 30_000 });
}

export async function goTo(page: Page, navLabel: string, title: RegExp | string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('button', { name: navLabel, exact: false })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

export interface WizardOptions {
  name: string;
  siren: string;
  folders?: string[];
  audit?: boolean;
  /** Another commune, from « Ajouter une commune »: the same steps, titled as such. */
  adding?: boolean;
}

/** Goes through the first-launch assistant on the demo archive (preselected). */
export async function firstLaunch(page: Page, o: WizardOptions): Promise<void> {
  await expect(
    page.getByRole('heading', { level: 1, name: o.adding ? 'Ajouter une commune' : 'Bienvenue dans Sceau' }),
  ).toBeVisible();
  await page.getByLabel('Nom de la commune').fill(o.name);
  await page.getByLabel('SIREN de la commune').fill(o.siren);
  if (o.audit) await auditScreen(page, '01-assistant-commune');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'L’archive' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Archive de démonstration' })).toBeChecked();
  await page.getByRole('button', { name: 'Tester la connexion' }).click();
  await expect(page.getByText(/Connexion réussie/)).toBeVisible();
  if (o.audit) await auditScreen(page, '02-assistant-archive');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Les dossiers à surveiller' })).toBeVisible();
  for (const f of o.folders ?? []) {
    await page.getByLabel('Chemin du dossier').fill(f);
    await page.getByRole('button', { name: 'Ajouter ce dossier' }).click();
  }
  if (o.audit) await auditScreen(page, '03-assistant-dossiers');
  await page.getByRole('button', { name: 'Terminer et commencer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
}

/**
 * The journeys' preamble: opens the app on its fresh data folder and creates the first
 * commune through the assistant (demo archive), ending on its dashboard.
 */
export async function createCommuneThroughAssistant(page: Page, app: SceauApp, o: WizardOptions): Promise<void> {
  await app.open(page);
  await firstLaunch(page, o);
}

/** Selects every ready document of « À verser » and sends them now. */
export async function depositAllNow(page: Page, expected: number, auditName?: string): Promise<void> {
  await goTo(page, 'À verser', 'À verser');
  await expect(
    page.getByRole('heading', { level: 2, name: new RegExp(`^${expected} documents? prêts?$`) }),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Tout sélectionner').check();
  await expect(
    mainArea(page).getByText(expected < 2 ? `${expected} document sélectionné` : `${expected} documents sélectionnés`),
  ).toBeVisible();
  if (auditName) await auditScreen(page, auditName);
  await page.getByRole('button', { name: 'Verser maintenant' }).click();
  const queued =
    expected < 2 ? `${expected} document mis en file d’envoi.` : `${expected} documents mis en file d’envoi.`;
  await expect(mainArea(page).getByText(queued, { exact: true })).toBeVisible();
}

/**
 * With several communes, a drop whose file names do not tell the commune asks first: checks
 * the question names `current`, picks `target` (default: the same) and confirms.
 */
export async function chooseDropCommune(page: Page, current: string, target = current): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Pour quelle commune ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Commune')).toHaveValue(/.+/);
  await expect(dialog.getByLabel('Commune').locator('option:checked')).toHaveText(current);
  if (target !== current) await dialog.getByLabel('Commune').selectOption({ label: target });
  await dialog.getByRole('button', { name: `Déposer pour ${target}` }).click();
  await expect(dialog).toBeHidden();
}

/**
 * A drop holding annexes or signature files first shows its acts (« Les pièces de chaque
 * acte »): checks how many acts it found and confirms the guess as is.
 */
export async function confirmActGroups(page: Page, acts: number): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Les pièces de chaque acte' });
  await expect(dialog).toBeVisible();
  await expect(
    dialog.getByRole('list', { name: acts < 2 ? `${acts} acte dans ce dépôt` : `${acts} actes dans ce dépôt` }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirmer et déposer' }).click();
  await expect(dialog).toBeHidden();
}
