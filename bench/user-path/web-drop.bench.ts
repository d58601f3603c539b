// The user's path through the web host (issue 18): a folder of 10,000 × 4 KiB acts dropped
// on the BUILT host (dist/web/host.mjs), uploaded and sealed, against `cp -r && sync &&
// sha256sum` of the same folder in the same run (the CLI row's baseline).
// - chromium: the renderer in Chromium (playwright), the folder given to « Choisir un
//   dossier » as a user would; from the choice to « N fichiers reçus et scellés ».
// - http: the same HTTP calls the renderer makes (batched uploads built by the renderer's
//   own code, then intakeUploaded over the WebSocket), without a browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openAsBlob, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  batchesOf,
  batchForm,
  FIRST_BATCH_FILES,
  sendBatches,
  UPLOAD_BATCH_PATH,
  withTaskTurns,
} from '../../main/contract/upload-batch';
import type { BenchResult } from '../report';
import { HOST_ENV, startHost, type RunningHost } from '../web/web-host';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const SCEAU = join(ROOT, 'bin', 'sceau.mjs');
const TARGET = 4;
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export type DropMode = 'chromium' | 'http';
/** Drop to outcome, and the part of it until the last batch was answered (seconds). */
interface Timing {
  seconds: number;
  upload: number;
}

export function writeActs(dir: string, n: number, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++)
    writeFileSync(join(dir, `DE_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`), randomBytes(bytes));
}

/**
 * The baseline of the user-path rows, in seconds: `cp -r && sync && sha256sum` of `src` into
 * `<dir>/copie` (one definition, so every row is measured against the same tool).
 */
export function timeCopyBaseline(src: string, dir: string): number {
  const t0 = performance.now();
  execFileSync('sh', ['-c', `cp -r "${src}" "${dir}/copie" && sync && sha256sum "${dir}"/copie/* > /dev/null`]);
  return (performance.now() - t0) / 1000;
}

/** A commune whose archive answers nothing (offline batch), made with the CLI before the host starts. */
export function offlineProfile(dataDir: string): void {
  const env: NodeJS.ProcessEnv = {
    ...HOST_ENV,
    SCEAU_ARCHIVE_PASSWORD: 'bench',
    SCEAU_POLICY_FILE: join(ROOT, 'test', 'integration', 'cli', 'no-policy.json'),
  };
  const args = ['--data-dir', dataDir, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351'];
  const r = spawnSync(process.execPath, [SCEAU, ...args, '--archive', 'asalae', '--url', 'http://127.0.0.1:9/'], {
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`profile add: ${r.stderr}`);
}

/** The contract over the host's WebSocket, as the page speaks it. */
async function contract(host: RunningHost): Promise<{
  call: (channel: string, request: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
  close: () => void;
}> {
  const url = new URL(host.url);
  const token = new URL(host.launchUrl).hash.replace('#token=', '');
  const ws = new WebSocket(`ws://${url.host}/api`, ['sceau.v1', `token.${token}`], { origin: `http://${url.host}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (v: never) => void>();
  ws.on('message', (raw) => {
    const f = JSON.parse(String(raw)) as { kind: string; id?: number; envelope?: never };
    if (f.kind === 'result' && f.id !== undefined) {
      pending.get(f.id)?.(f.envelope!);
      pending.delete(f.id);
    }
  });
  return {
    call: (channel, request) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ kind: 'call', id, channel, request }));
      }),
    close: () => ws.close(),
  };
}

/** What web-client.ts does with a drop, from Node: batches of File-like blobs, then intakeUploaded. */
async function dropOverHttp(host: RunningHost, folder: string, parent: string, lanes?: number): Promise<Timing> {
  const api = await contract(host);
  try {
    const profiles = await api.call('listProfiles', {});
    const profileId = (profiles.value as Array<{ id: string }>)[0]!.id;
    const token = new URL(host.launchUrl).hash.replace('#token=', '');
    const files = readdirSync(folder)
      .sort()
      .map((f) => {
        const st = statSync(join(folder, f));
        return { path: join(folder, f), name: `${parent}/${f}`, size: st.size, mtime: st.mtimeMs };
      });
    const t0 = performance.now();
    const send = async (batch: typeof files): Promise<string> => {
      const blobs = await Promise.all(batch.map(async (f) => Object.assign(await openAsBlob(f.path), { f })));
      // Multipart, as the page sends it (batchForm; the browser uses XMLHttpRequest).
      const res = await fetch(new URL(UPLOAD_BATCH_PATH, host.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: batchForm(blobs, (b) => ({ name: b.f.name, size: b.size, mtime: b.f.mtime })),
      });
      if (!res.ok) throw new Error(`upload-batch: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { uploadId: string }).uploadId;
    };
    const batches = withTaskTurns(
      batchesOf(
        files,
        (f) => f.name,
        (f) => f.size,
        FIRST_BATCH_FILES,
      ),
    );
    const uploadIds = await sendBatches(batches, send, lanes);
    const upload = (performance.now() - t0) / 1000;
    const r = await api.call('intakeUploaded', { profileId, uploadIds });
    const seconds = (performance.now() - t0) / 1000;
    const accepted = (r.value as { accepted?: number } | undefined)?.accepted;
    if (!r.ok || accepted !== files.length)
      throw new Error(`intakeUploaded: ${JSON.stringify(r.error ?? r.value).slice(0, 300)}`);
    return { seconds, upload };
  } finally {
    api.close();
  }
}

/** The renderer in Chromium: « Choisir un dossier » given the folder, until the outcome is shown. */
async function dropInChromium(host: RunningHost, folder: string, count: number): Promise<Timing> {
  const { chromium } = await import('@playwright/test');
  const { chromiumLaunchOptions } = await import('../../test/e2e/chromium');
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(host.launchUrl);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('button', { name: 'Déposer', exact: false })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Déposer des documents' }).waitFor();
    const outcome = page.getByRole('main').getByText(/fichiers? reçus? et scellés?\./);
    const t0 = performance.now();
    // The last batch answered: the upload is over, the intake call follows.
    let uploaded = t0;
    page.on('requestfinished', (req) => {
      if (req.url().endsWith(`/${UPLOAD_BATCH_PATH}`)) uploaded = performance.now();
    });
    await page.locator('input[type="file"][webkitdirectory]').setInputFiles(folder);
    await outcome.waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    const text = (await outcome.textContent()) ?? '';
    if (Number(text.replace(/\D/g, '')) !== count) throw new Error(`drop outcome: « ${text} », ${count} expected`);
    return { seconds, upload: (uploaded - t0) / 1000 };
  } finally {
    await browser.close();
  }
}

/** Whether Chromium can run here (Playwright's build or Debian's). */
async function chromiumAvailable(): Promise<boolean> {
  try {
    const { chromiumExecutable } = await import('../../test/e2e/chromium');
    const { chromium } = await import('@playwright/test');
    const exe = chromiumExecutable() ?? chromium.executablePath();
    return existsSync(exe);
  } catch {
    return false;
  }
}

export async function benchWebDrop(mode: DropMode, files = 10_000): Promise<BenchResult> {
  if (mode === 'chromium' && !(await chromiumAvailable())) throw new Error('no Chromium to drive the renderer');
  const dir = mkdtempSync(join(tmpdir(), `sceau-bench-webdrop-${mode}-`));
  let host: RunningHost | null = null;
  try {
    const src = join(dir, 'lot');
    writeActs(src, files, 4096);
    execFileSync('sync');
    const baseline = timeCopyBaseline(src, dir);
    const data = join(dir, 'data');
    offlineProfile(data);
    host = await startHost(data);
    const t = mode === 'chromium' ? await dropInChromium(host, src, files) : await dropOverHttp(host, src, 'lot');
    const ours = t.seconds;
    const ratio = ours / baseline;
    const how = mode === 'chromium' ? 'Chromium, « Choisir un dossier »' : 'the renderer’s HTTP calls, no browser';
    return {
      name: `user path: web host drop, ${files.toLocaleString('en-US')} × 4 KiB uploaded and sealed (${how}) (× cp -r + sync + sha256sum)`,
      value: round(ratio, 1),
      unit: `× (${round(ours, 1)} s, of which upload ${round(t.upload, 1)} s, vs ${round(baseline, 2)} s)`,
      target: `≤ ${TARGET}×`,
      pass: ratio <= TARGET,
      baseline: { name: 'cp -r && sync && sha256sum', value: round(baseline), unit: 's' },
    };
  } finally {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runWebDropBenchmarks(): Promise<BenchResult[]> {
  return [await benchWebDrop('chromium'), await benchWebDrop('http')];
}

// `node --import bench/capture/ts-hooks.ts bench/user-path/web-drop.bench.ts [chromium|http] [files]`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const modes = (process.argv[2] ? [process.argv[2]] : ['chromium', 'http']) as DropMode[];
  const n = Number(process.argv[3] ?? 10_000);
  for (const m of modes) process.stdout.write(`${JSON.stringify(await benchWebDrop(m, n))}\n`);
  process.exit(0);
}
