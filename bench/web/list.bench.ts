// Status list first paint at scale: a data folder holding N documents (seeded straight
// into SQLite in one transaction), the BUILT web host on it, Debian's Chromium driven by
// playwright-core; from the click on « Versements » to the first row of the list visible.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { openDatabase } from '../../main/core/store/db';
import { DocumentRepository } from '../../main/core/store/documents';
import { ProfileRepository } from '../../main/core/store/profiles';
import type { DocumentState, NatureCode } from '../../main/contract/types';
import type { BenchResult } from '../report';
import { median, startHost } from './web-host';

const TARGET_MS = 1000;
const FULL_TARGET_MS = 3000;

export interface SeedReport {
  profileId: string;
  count: number;
  seconds: number;
}

/**
 * Creates the demo profile (so the app skips the first-launch assistant) and `count`
 * documents: mostly accepted, some to complete and some refused, like a few years of a
 * commune's acts. None is in a state the sync engine would act on.
 */
export function seedDocuments(dataDir: string, count: number): SeedReport {
  const t0 = performance.now();
  const db = openDatabase(path.join(dataDir, 'sceau.db'));
  try {
    const profileId = new ProfileRepository(db).create({
      name: 'Commune de Bench',
      siren: '212900414',
      archiveKind: 'demo',
    }).id;
    const docs = new DocumentRepository(db);
    const natures: Array<[NatureCode, string]> = [
      ['DE', 'DEL'],
      ['AR', 'AR'],
      ['AI', 'AI'],
      ['CC', 'CC'],
    ];
    const day = 24 * 3600 * 1000;
    const start = Date.UTC(2015, 0, 1);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const [nature, code] = natures[i % natures.length] ?? ['DE', 'DEL'];
        const when = new Date(start + Math.floor((i / count) * 10 * 365) * day);
        const date = when.toISOString().slice(0, 10);
        const year = date.slice(0, 4);
        const [y, m, d] = date.split('-');
        const state: DocumentState = i % 97 === 0 ? 'rejected' : i % 41 === 0 ? 'needs_metadata' : 'accepted';
        const objet = `Acte numéro ${i + 1} du conseil municipal`;
        const fileName = `CM ${d}.${m}.${y} - ${code} ${i + 1} - ${objet}.pdf`;
        const hex = randomBytes(32).toString('hex');
        const iso = when.toISOString();
        docs.insert({
          profileId,
          sourcePath: `/srv/partage/Actes/${year}/${fileName}`,
          relativePath: `${year}/${fileName}`,
          fileName,
          size: 50_000 + (i % 1000) * 100,
          mtimeMs: when.getTime(),
          fingerprintAlg: 'sha256',
          fingerprintHex: hex,
          vaultPath: `${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
          state,
          metadata:
            state === 'needs_metadata'
              ? { nature, date }
              : { nature, number: `${code}-${year}-${i + 1}`, date, objet, classification: '5.2' },
          missingFields: state === 'needs_metadata' ? ['number', 'objet', 'classification'] : [],
          reason:
            state === 'rejected'
              ? "Refusé par l'archive : bordereau non conforme (bench)"
              : state === 'needs_metadata'
                ? 'Numéro, objet et classification à compléter'
                : null,
          origin: 'watch',
          createdAt: iso,
          updatedAt: iso,
        });
      }
    })();
    return { profileId, count, seconds: (performance.now() - t0) / 1000 };
  } finally {
    db.close();
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.SCEAU_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/**
 * `runs` page loads, each in a new browser context: the app shell appears, a click on
 * « Versements », then the first row of the list (its file name) is painted. Measured in the
 * page: click event → the animation frame after that row entered the DOM, and navigation
 * start → that same frame. Medians.
 */
export async function benchListFirstPaint(dataDir: string, count: number, runs = 3): Promise<BenchResult[]> {
  const host = await startHost(dataDir);
  const browser = await launchChromium();
  const clickToRow: number[] = [];
  const loadToRow: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // In-page clocks (performance.now(): ms since the navigation started): the click as
      // the page receives it, and the frame after the first row's file name is in the DOM.
      await page.addInitScript(() => {
        const w = window as unknown as { __benchClick?: number; __benchRow?: number };
        document.addEventListener('click', () => (w.__benchClick ??= performance.now()), { capture: true });
        const observer = new MutationObserver(() => {
          if (!document.querySelector('li.vrow[aria-posinset="1"] .vrow__name')) return;
          observer.disconnect();
          requestAnimationFrame(() => (w.__benchRow = performance.now()));
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      try {
        await page.goto(host.launchUrl);
        const nav = page
          .getByRole('navigation', { name: 'Navigation principale' })
          .getByRole('button', { name: 'Versements' })
          .first();
        await nav.waitFor({ state: 'visible', timeout: 60_000 });
        await nav.click();
        await page.locator('li.vrow[aria-posinset="1"] .vrow__name').waitFor({ state: 'visible', timeout: 60_000 });
        await page.waitForFunction(() => (window as unknown as { __benchRow?: number }).__benchRow !== undefined);
        const t = await page.evaluate(() => {
          const w = window as unknown as { __benchClick: number; __benchRow: number };
          return { click: w.__benchClick, row: w.__benchRow };
        });
        clickToRow.push(t.row - t.click);
        loadToRow.push(t.row);
        // Sanity: the list knows the whole set.
        const setsize = await page.locator('li.vrow').first().getAttribute('aria-setsize');
        if (Number(setsize) !== count) throw new Error(`the list announces ${setsize} documents, ${count} expected`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  const c = median(clickToRow);
  const l = median(loadToRow);
  const runsText = (v: number[]) => v.map((x) => Math.round(x)).join(', ');
  const n = count.toLocaleString('en-US');
  return [
    {
      name: `web: Versements list first paint at ${n} documents (click → first row painted, median of ${runs})`,
      value: Math.round(c),
      unit: `ms (runs ${runsText(clickToRow)})`,
      target: `< ${TARGET_MS} ms`,
      pass: c < TARGET_MS,
    },
    {
      name: `web: page navigation → Versements first row at ${n} documents (app load + click, median of ${runs})`,
      value: Math.round(l),
      unit: `ms (runs ${runsText(loadToRow)})`,
      target: `< ${FULL_TARGET_MS} ms`,
      pass: l < FULL_TARGET_MS,
    },
  ];
}
