// Runs @doyensec/electronegativity on the COMPILED Electron code (dist/electron/*.cjs) and
// the built renderer page (dist/renderer/index.html), then fails on every HIGH or MEDIUM
// finding that test/security/electronegativity-justifications.json does not justify.
//
//   node test/security/electronegativity.ts [--json out.json]
//
// Why not its CLI: 1.10.3's bin requires `commander` without declaring it and breaks on
// the one it finds (ours, v15: "program.version is not a function"); its library entry
// works. Its directory loader only reads .js/.ts/.html, so the .cjs bundles are staged as
// .js in a temporary folder (findings are mapped back to their dist/ path). Checks that
// need the network are excluded (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's
// release list), and the Electron version is taken from node_modules/electron.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Level {
  name: string;
  value: number;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description?: string;
  severity: Level;
  confidence: Level;
  manualReview?: boolean;
  shortenedURL?: string;
}

interface RunOptions {
  input: string;
  output?: string;
  isSarif: boolean;
  customScan: string[];
  excludeFromScan: string[];
  isRelative: boolean;
  isVerbose: boolean;
  electronVersionOverride?: string;
  parserPlugins: string[];
}

type Run = (
  options: RunOptions,
  forCli?: boolean,
) => Promise<{ issues: RawIssue[]; errors: unknown[]; atomicChecks: number; globalChecks: number }>;

export interface Finding {
  check: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  manualReview: boolean;
  sample: string;
  url: string;
}

export interface Justification {
  check: string;
  file: string;
  /** Findings of this check in this file allowed at most (a new one fails until justified). */
  maxOccurrences: number;
  reason: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JUSTIFICATIONS = path.join(root, 'test', 'security', 'electronegativity-justifications.json');
const EXCLUDED_CHECKS: Record<string, string> = {
  AvailableSecurityFixesGlobalCheck:
    "downloads Electron's release list from the network (unreachable in CI); Electron updates are tracked with the dependencies",
};
const FAILING = new Set(['HIGH', 'MEDIUM']);

function stage(): { dir: string; map: Map<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sceau-electronegativity-'));
  const map = new Map<string, string>();
  const electronDir = path.join(root, 'dist', 'electron');
  const bundles = existsSync(electronDir) ? readdirSync(electronDir).filter((f) => f.endsWith('.cjs')) : [];
  if (bundles.length === 0) throw new Error('dist/electron/*.cjs not found: run `node scripts/build.mjs node` first');
  mkdirSync(path.join(dir, 'electron'));
  for (const f of bundles) {
    const staged = path.join('electron', f.replace(/\.cjs$/, '.js'));
    copyFileSync(path.join(electronDir, f), path.join(dir, staged));
    map.set(staged, path.join('dist', 'electron', f));
  }
  const html = path.join(root, 'dist', 'renderer', 'index.html');
  if (existsSync(html)) {
    mkdirSync(path.join(dir, 'renderer'));
    copyFileSync(html, path.join(dir, 'renderer', 'index.html'));
    map.set(path.join('renderer', 'index.html'), path.join('dist', 'renderer', 'index.html'));
  }
  return { dir, map };
}

export function loadJustifications(file = JUSTIFICATIONS): Justification[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { justifications?: Justification[] };
  const list = data.justifications ?? [];
  for (const j of list) {
    if (
      !j.check ||
      !j.file ||
      !Number.isInteger(j.maxOccurrences) ||
      j.maxOccurrences < 1 ||
      !j.reason ||
      j.reason.trim().length < 30
    ) {
      throw new Error(
        `${path.relative(root, file)}: each entry needs check, file, maxOccurrences ≥ 1 and a written reason (${JSON.stringify(j)})`,
      );
    }
  }
  return list;
}

/** Splits HIGH/MEDIUM findings into justified and not; lists justifications that matched nothing. */
export function judge(
  findings: Finding[],
  justifications: Justification[],
): { blocking: Finding[]; justified: Finding[]; over: Justification[]; stale: Justification[] } {
  const serious = findings.filter((f) => FAILING.has(f.severity));
  const blocking: Finding[] = [];
  const justified: Finding[] = [];
  const over: Justification[] = [];
  const stale: Justification[] = [];
  for (const j of justifications) {
    const matched = serious.filter((f) => f.check === j.check && f.file === j.file);
    if (matched.length === 0) stale.push(j);
    else if (matched.length > j.maxOccurrences) {
      over.push(j);
      blocking.push(...matched);
    } else justified.push(...matched);
  }
  for (const f of serious) if (!justifications.some((j) => j.check === f.check && j.file === f.file)) blocking.push(f);
  return { blocking, justified, over, stale };
}

async function main(): Promise<number> {
  const jsonOut = process.argv.indexOf('--json') >= 0 ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity') as Run;
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const { dir, map } = stage();
  // Its translation download fails offline and a late retry timer of `got` then throws
  // this, after the scan: harmless, ignored (anything else still crashes the run).
  process.on('uncaughtException', (e) => {
    if (/onCancel. handler was attached after the promise settled/.test(e.message)) return;
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(2);
  });
  try {
    const result = await run({
      input: dir,
      isSarif: false,
      customScan: [],
      excludeFromScan: Object.keys(EXCLUDED_CHECKS),
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    if (result.errors.length > 0) {
      process.stderr.write(
        `electronegativity: ${result.errors.length} file(s) could not be parsed: ${JSON.stringify(result.errors).slice(0, 1000)}\n`,
      );
      return 1;
    }
    const findings: Finding[] = result.issues.map((i) => ({
      check: i.id,
      file: map.get(path.normalize(i.file)) ?? i.file,
      line: i.location.line,
      column: i.location.column,
      severity: i.severity.name,
      confidence: i.confidence.name,
      manualReview: i.manualReview === true,
      sample: (i.sample ?? '').trim().slice(0, 160),
      url: i.shortenedURL ?? '',
    }));
    const justifications = loadJustifications();
    const verdict = judge(findings, justifications);
    if (jsonOut)
      writeFileSync(
        jsonOut,
        JSON.stringify(
          {
            electronVersion,
            checks: { atomic: result.atomicChecks, global: result.globalChecks },
            excluded: EXCLUDED_CHECKS,
            findings,
            ...verdict,
          },
          null,
          2,
        ),
      );

    console.log(
      `electronegativity ${(require('@doyensec/electronegativity/package.json') as { version: string }).version} on ${[...map.values()].join(', ')} (Electron ${electronVersion}; ${result.atomicChecks} atomic + ${result.globalChecks} global checks; excluded: ${Object.keys(EXCLUDED_CHECKS).join(', ')})`,
    );
    for (const f of findings) {
      const status = !FAILING.has(f.severity) ? 'info     ' : verdict.blocking.includes(f) ? 'BLOCKING ' : 'justified';
      console.log(
        `  ${status} ${f.severity}/${f.confidence} ${f.check} ${f.file}:${f.line}:${f.column}${f.sample ? `  ${f.sample}` : ''}`,
      );
    }
    for (const j of verdict.over)
      console.log(
        `  ${j.check} in ${j.file}: more findings than the ${j.maxOccurrences} justified — review the new one(s)`,
      );
    for (const j of verdict.stale) console.log(`  note: justification no longer needed: ${j.check} in ${j.file}`);
    const counts = (s: string) => findings.filter((f) => f.severity === s).length;
    console.log(
      `electronegativity: ${counts('HIGH')} high, ${counts('MEDIUM')} medium, ${counts('LOW')} low, ${counts('INFORMATIONAL')} informational; ` +
        `${verdict.justified.length} justified, ${verdict.blocking.length} blocking`,
    );
    return verdict.blocking.length > 0 ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`electronegativity: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
