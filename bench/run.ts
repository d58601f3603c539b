// `npm run bench`: every benchmark in one run, each figure next to its target and, where
// one exists, a baseline tool measured in the same run. Writes bench/results/latest.json
// and latest.md and prints the table.
//
// Runs from the TypeScript sources (node --experimental-transform-types --import
// ./bench/capture/ts-hooks.ts bench/run.ts): the capture and sync benchmarks spawn children
// running .ts files next to their own file, which a bundle would move. The web benchmarks
// drive the BUILT host and renderer (dist/), so `npm run bench` builds them first.
//
// Options: --only capture,latency,sync,web,xml,fleet,pronom,user-path  run some groups only
//          --docs N                          documents seeded for the list benchmark (100000)
//          --save-baseline                   also copy the report to bench/results/baseline.json
//          --update-docs                     also put the table in docs/performance.md (between its markers)
//          --strict                          exit 1 when a target is missed (always 1 when a benchmark cannot run)
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCaptureBenchmarks } from './capture/capture.bench';
import { runPronomBenchmark } from './pronom/pronom.bench';
import { runSyncBenchmarks } from './sync/sync.bench';
import { runXmlBenchmarks } from './xml/xml.bench';
import { runFleetBenchmarks } from './fleet/fleet.bench';
import { runUserPathBenchmarks } from './user-path/user-path.bench';
import {
  errorRow,
  machineInfo,
  toRow,
  updateDocs,
  writeReport,
  type BenchReport,
  type BenchResult,
  type BenchRow,
} from './report';
import { benchColdStart } from './web/cold-start.bench';
import { benchDetectToSealed } from './web/latency.bench';
import { benchListFirstPaint, seedDocuments } from './web/list.bench';
import { requireBuiltHost } from './web/web-host';

const GROUPS = ['capture', 'latency', 'sync', 'web', 'xml', 'fleet', 'pronom', 'user-path'] as const;
type Group = (typeof GROUPS)[number];
const WHOLE_RUN_TARGET_S = 600;

function parseArgs(argv: string[]): {
  only: Set<Group>;
  docs: number;
  saveBaseline: boolean;
  strict: boolean;
  updateDocs: boolean;
} {
  const out = { only: new Set<Group>(GROUPS), docs: 100_000, saveBaseline: false, strict: false, updateDocs: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') {
      const list = (argv[++i] ?? '').split(',').map((s) => s.trim());
      const bad = list.filter((g) => !(GROUPS as readonly string[]).includes(g));
      if (bad.length > 0) throw new Error(`unknown group(s): ${bad.join(', ')} (known: ${GROUPS.join(', ')})`);
      out.only = new Set(list as Group[]);
    } else if (a === '--docs') out.docs = Number(argv[++i]);
    else if (a === '--save-baseline') out.saveBaseline = true;
    else if (a === '--strict') out.strict = true;
    else if (a === '--update-docs') out.updateDocs = true;
    else throw new Error(`unknown option: ${a}`);
  }
  if (!Number.isInteger(out.docs) || out.docs < 1) throw new Error('--docs: a positive integer');
  return out;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function webBenchmarks(docs: number): Promise<BenchResult[]> {
  requireBuiltHost();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sceau-bench-web-'));
  try {
    const seeded = seedDocuments(dataDir, docs);
    log(`seeded ${seeded.count} documents in ${seeded.seconds.toFixed(1)} s`);
    const label = `${docs.toLocaleString('en-US')} documents`;
    const cold = await benchColdStart({ seeded: { dataDir, label } });
    const list = await benchListFirstPaint(dataDir, docs);
    return [...list, ...cold];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const rows: BenchRow[] = [];
  const errors: BenchReport['errors'] = [];
  const groups: Record<Group, () => Promise<BenchResult[]>> = {
    capture: runCaptureBenchmarks,
    latency: () => benchDetectToSealed(),
    sync: runSyncBenchmarks,
    web: () => webBenchmarks(args.docs),
    xml: runXmlBenchmarks,
    fleet: async () => (await runFleetBenchmarks()).results,
    pronom: runPronomBenchmark,
    'user-path': runUserPathBenchmarks,
  };
  for (const g of GROUPS) {
    if (!args.only.has(g)) continue;
    const tg = performance.now();
    log(`${g}…`);
    try {
      const results = await groups[g]();
      rows.push(...results.map(toRow));
      for (const r of results) log(`  ${r.pass ? 'ok ' : 'MISS'} ${r.name}: ${r.value} ${r.unit}`);
    } catch (error) {
      errors.push({ group: g, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      rows.push(errorRow(g, error));
      log(`  ERROR ${g}: ${error instanceof Error ? error.message : String(error)}`);
    }
    log(`${g} done in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
  }
  const durationSeconds = (performance.now() - t0) / 1000;
  if (args.only.size === GROUPS.length) {
    rows.push({
      name: 'bench: whole run (all groups, build excluded)',
      value: Math.round(durationSeconds),
      unit: 's',
      target: `< ${WHOLE_RUN_TARGET_S} s`,
      pass: durationSeconds < WHOLE_RUN_TARGET_S,
      baseline: null,
    });
  }
  const failed = rows.filter((r) => !r.pass).length;
  const report: BenchReport = {
    startedAt,
    durationSeconds,
    machine: machineInfo(),
    rows,
    errors,
    passed: rows.length - failed,
    failed,
  };
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  const written = writeReport(dir, report);
  if (args.saveBaseline) copyFileSync(written.json, path.join(dir, 'baseline.json'));
  if (args.updateDocs) {
    const doc = path.join(dir, '..', '..', 'docs', 'performance.md');
    log(
      updateDocs(doc, written.markdown)
        ? `table written into ${path.relative(process.cwd(), doc)}`
        : `no bench markers in ${doc}`,
    );
  }
  process.stdout.write(`\n${written.markdown}\n`);
  log(`report: ${path.relative(process.cwd(), written.json)}, ${path.relative(process.cwd(), written.md)}`);
  if (errors.length > 0) return 1;
  return args.strict && failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
