// Where the web drop's time goes (issue 18): the Chromium drop of web-drop.bench.ts with a
// timeline (choice → first batch sent → last batch answered → intakeUploaded sent → answered
// → outcome shown), the CPU of the host and of Chromium per phase (from /proc), the upload
// requests' own timings, the WebSocket frames the page received, and the baseline's own CPU
// (`baselineCpu`: cp, sync and sha256sum, user + system). Optional host CPU
// profile (PROBE_CPU_PROF=dir). Linux only.
// `node --experimental-transform-types --no-warnings --import ./bench/capture/ts-hooks.ts bench/user-path/web-drop-probe.ts [files]`
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UPLOAD_BATCH_PATH } from '../../main/contract/upload-batch';
import { HOST_ENV } from '../web/web-host';
import { startHostProcess } from '../../test/tools/web-host-process';

const TICK = 100; // USER_HZ
const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

// Self-contained (not imported from web-drop.bench.ts), so an older checkout can be probed too.
function writeActs(dir: string, n: number, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++)
    writeFileSync(join(dir, `DE_2025_${String(i).padStart(5, '0')}_2025-03-14_budget (7.1).pdf`), randomBytes(bytes));
}

function offlineProfile(dataDir: string): void {
  const env = {
    ...HOST_ENV,
    SCEAU_ARCHIVE_PASSWORD: 'bench',
    SCEAU_POLICY_FILE: join(ROOT, 'test', 'integration', 'cli', 'no-policy.json'),
  };
  const args = ['--data-dir', dataDir, 'profile', 'add', '--name', 'Mairie', '--siren', '212900351'];
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'sceau.mjs'), ...args, '--archive', 'asalae', '--url', 'http://127.0.0.1:9/'],
    { env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`profile add: ${r.stderr}`);
}

/** utime+stime (s) of `pid` and, with `tree`, all its descendants. */
function cpuOf(pid: number, tree: boolean): number {
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK });
    } catch {
      /* gone */
    }
  }
  if (!tree) return stats.get(pid)?.cpu ?? 0;
  const keep = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, s] of stats)
      if (!keep.has(p) && keep.has(s.ppid)) {
        keep.add(p);
        grew = true;
      }
  }
  let sum = 0;
  for (const p of keep) sum += stats.get(p)?.cpu ?? 0;
  return sum;
}

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const files = Number(process.argv[2] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'sceau-probe-webdrop-'));
  try {
    const src = join(dir, 'lot');
    writeActs(src, files, 4096);
    execFileSync('sync');
    const b0 = performance.now();
    // Its CPU too (user + system of cp, sync and sha256sum), to set against the host's and Chromium's.
    const times = join(dir, 'baseline-times');
    execFileSync('/usr/bin/time', [
      '-o',
      times,
      '-f',
      '%U %S',
      'sh',
      '-c',
      `cp -r "${src}" "${dir}/copie" && sync && sha256sum "${dir}"/copie/* > /dev/null`,
    ]);
    const baseline = (performance.now() - b0) / 1000;
    const baselineCpu = readFileSync(times, 'utf8')
      .trim()
      .split(/\s+/)
      .reduce((sum, x) => sum + Number(x), 0);
    const data = join(dir, 'data');
    offlineProfile(data);
    const prof = process.env.PROBE_CPU_PROF;
    const env = prof ? { ...HOST_ENV, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${prof}` } : HOST_ENV;
    const host = await startHostProcess({ dataDir: data, env, timeoutMs: 60_000 });
    const hostPid = host.child.pid!;
    const { chromium } = await import('@playwright/test');
    const { chromiumLaunchOptions } = await import('../../test/e2e/chromium');
    const before = new Set(readdirSync('/proc').filter((d) => /^\d+$/.test(d)));
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage({ locale: 'fr-FR' });
      let frames = 0;
      const kinds: Record<string, number> = {};
      let sentAt = 0;
      let answeredAt = 0;
      let answerMarked = false;
      let mark: (what: string) => void = () => undefined;
      let frameBytes = 0;
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => {
          if (typeof f.payload === 'string' && f.payload.includes('"intakeUploaded"')) {
            sentAt = Date.now();
            mark('intakeUploaded sent');
          }
        });
        ws.on('framereceived', (f) => {
          frames++;
          if (typeof f.payload === 'string') {
            const m = /"type":"([^"]+)"/.exec(f.payload);
            const k = m ? m[1]! : f.payload.slice(0, 20);
            kinds[k] = (kinds[k] ?? 0) + 1;
          }
          frameBytes += typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength;
          if (
            typeof f.payload === 'string' &&
            f.payload.startsWith('{"kind":"result"') &&
            f.payload.includes('"accepted"')
          )
            answeredAt = Date.now();
          if (answeredAt && !answerMarked) {
            answerMarked = true;
            mark('intake answered');
          }
        });
      });
      await page.goto(host.launchUrl);
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('button', { name: 'Déposer', exact: false })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: 'Déposer des documents' }).waitFor();
      // Chromium's processes: the ones started since `before` that are not the host's.
      const chromePids = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d) && !before.has(d))
        .map(Number)
        .filter((p) => {
          try {
            return /chrom|headless/i.test(readFileSync(`/proc/${p}/comm`, 'utf8'));
          } catch {
            return false;
          }
        });
      const chromeCpu = () => chromePids.reduce((s, p) => s + cpuOf(p, false), 0);
      const typeOf = (p: number): string => {
        try {
          return /--type=([a-z-]+)/.exec(readFileSync(`/proc/${p}/cmdline`, 'utf8'))?.[1] ?? 'browser';
        } catch {
          return 'gone';
        }
      };
      const chromeByType = (): Record<string, number> => {
        const out: Record<string, number> = {};
        for (const p of chromePids) out[typeOf(p)] = Math.round(((out[typeOf(p)] ?? 0) + cpuOf(p, false)) * 100) / 100;
        return out;
      };
      const selfCpu = () => {
        const u = process.cpuUsage();
        return Math.round((u.user + u.system) / 1e4) / 100;
      };
      const marks: Array<{
        what: string;
        t: number;
        host: number;
        chrome: number;
        load: string;
        types?: unknown;
        self?: number;
      }> = [];
      const t0 = performance.now();
      mark = (what: string) =>
        marks.push({
          what,
          t: (performance.now() - t0) / 1000,
          host: cpuOf(hostPid, false),
          chrome: chromeCpu(),
          load: loadavg(),
          types: chromeByType(),
          self: selfCpu(),
        });
      await page.evaluate(() => {
        const w = window as unknown as { __changeAt?: number };
        document.addEventListener('change', () => (w.__changeAt ??= Date.now()), true);
      });
      const cdp = process.env.PROBE_PAGE_PROF ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
        await cdp.send('Profiler.start');
      }
      const epoch0 = Date.now();
      mark('choice');
      const reqs: Array<{ start: number; end: number; timing: unknown }> = [];
      let firstBatch = false;
      page.on('request', (req) => {
        if (req.url().endsWith(`/${UPLOAD_BATCH_PATH}`) && !firstBatch) {
          firstBatch = true;
          mark('first batch sent');
        }
      });
      page.on('requestfinished', (req) => {
        if (req.url().endsWith(`/${UPLOAD_BATCH_PATH}`))
          reqs.push({ start: 0, end: (performance.now() - t0) / 1000, timing: req.timing() });
      });
      const outcome = page.getByRole('main').getByText(/fichiers? reçus? et scellés?\./);
      await page.locator('input[type="file"][webkitdirectory]').setInputFiles(src);
      await outcome.waitFor({ timeout: 900_000 });
      mark('outcome shown');
      const changeAt = await page.evaluate(() => (window as unknown as { __changeAt?: number }).__changeAt ?? 0);
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        const { writeFileSync } = await import('node:fs');
        writeFileSync(process.env.PROBE_PAGE_PROF!, JSON.stringify(profile));
      }
      const last = Math.max(...reqs.map((r) => r.end));
      const out = {
        files,
        baseline,
        baselineCpu,
        lastBatchAnswered: last,
        batches: reqs.length,
        frames,
        kinds,
        pageChange: (changeAt - epoch0) / 1000,
        intakeSent: (sentAt - epoch0) / 1000,
        intakeAnswered: (answeredAt - epoch0) / 1000,
        frameMiB: Math.round(frameBytes / 1048576),
        marks,
        requests: reqs.map((r) => ({ end: r.end, timing: r.timing })),
      };
      process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
    } finally {
      await browser.close();
      await host.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
