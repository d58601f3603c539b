// XML reply parser under hostile input (issue 16 item 2). The audit measured, before the fix:
// 2,500 namespace declarations × 200k elements 113 s, 4M empty elements 727 MB of heap. Each
// case runs in its own process; xmllint --noout on the same document is the baseline.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { namespaceFlood } from '../../test/tools/xml-amplification';
import type { BenchResult } from '../report';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const TARGET_MS = 1000;
const TARGET_GROWTH_MIB = 128;

interface CaseResult {
  ms: number;
  peakRssMiB: number;
  growthMiB: number;
  outcome: string;
}

async function parseCase(dir: string, declarations: number, elements: number): Promise<CaseResult> {
  const file = join(dir, `reply-${declarations}-${elements}.xml`);
  writeFileSync(file, namespaceFlood(declarations, elements));
  const { stdout } = await run(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--expose-gc',
      '--import',
      join(here, '..', 'capture', 'ts-hooks.ts'),
      join(here, 'xml-child.ts'),
      file,
    ],
    { maxBuffer: 1024 * 1024, timeout: 300_000 },
  );
  return JSON.parse(stdout.trim()) as CaseResult;
}

/** xmllint --noout on the same document: the C parser's time for it. */
function xmllintMs(dir: string, declarations: number, elements: number): number | null {
  try {
    const t0 = performance.now();
    execFileSync('xmllint', ['--noout', '--huge', join(dir, `reply-${declarations}-${elements}.xml`)], {
      stdio: 'ignore',
    });
    return performance.now() - t0;
  } catch {
    return null;
  }
}

const timeRow = (name: string, r: CaseResult, expect: RegExp, baseline?: number | null): BenchResult => ({
  name: `${name} (${r.outcome.slice(0, 60)})`,
  value: Math.round(r.ms),
  unit: 'ms',
  target: `< ${TARGET_MS} ms, ${expect.source.startsWith('^parsed') ? 'parsed' : 'refused'}`,
  pass: r.ms < TARGET_MS && expect.test(r.outcome),
  ...(baseline != null ? { baseline: { name: 'xmllint --noout', value: Math.round(baseline), unit: 'ms' } } : {}),
});
const memRow = (name: string, r: CaseResult): BenchResult => ({
  name,
  value: Math.round(r.growthMiB),
  unit: 'MiB',
  target: `< ${TARGET_GROWTH_MIB} MiB`,
  pass: r.growthMiB < TARGET_GROWTH_MIB,
});

export async function runXmlBenchmarks(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sceau-bench-xml-'));
  try {
    rows.push(...(await cases(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function cases(dir: string): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const hostile = await parseCase(dir, 2_500, 200_000);
  rows.push(timeRow('xml: reply with 2,500 xmlns × 200k elements', hostile, /trop de déclarations/));
  rows.push(memRow('xml: peak RSS growth, 2,500 xmlns × 200k elements', hostile));

  const atCaps = await parseCase(dir, 999, 200_000);
  rows.push(
    timeRow('xml: reply with 1,000 xmlns × 200k elements', atCaps, /^parsed 200000$/, xmllintMs(dir, 999, 200_000)),
  );
  rows.push(memRow('xml: peak RSS growth, 1,000 xmlns × 200k elements (tree kept)', atCaps));

  const flood = await parseCase(dir, 0, 4_000_000);
  rows.push(timeRow('xml: reply with 4M empty elements', flood, /plus de 250.000 éléments/));
  rows.push(memRow('xml: peak RSS growth, 4M empty elements', flood));
  return rows;
}
