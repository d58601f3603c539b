// Sums every suite's JSON report into the one closing line CI reads:
// "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
// Every skipped test by name (its reason is printed in the suite's own output): none is silent.
const skippedNames = [];

// Exit codes of the three suites, in the order below (set by scripts/test-all.sh).
const exits = (process.env.SUITE_EXITS ?? '').split(',').map((x) => (x === '' ? 0 : Number(x)));

/** A suite that exited non-zero with no failing test (unhandled error, crash) still fails. */
function checkExit(index, label, failedBefore) {
  const code = exits[index] ?? 0;
  if (code !== 0 && totals.failed === failedBefore) {
    lines.push(
      `${label}: exited with code ${code} without a failing test (unhandled error or crash): counted as 1 failure`,
    );
    totals.failed += 1;
  }
}

function vitest(file, label) {
  if (!existsSync(file)) {
    lines.push(`${label}: no report (suite did not run)`);
    totals.failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const passed = r.numPassedTests ?? 0;
  const failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite file that failed to load has no tests but must count as a failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  for (const f of r.testResults ?? [])
    for (const a of f.assertionResults ?? [])
      if (['skipped', 'pending', 'todo'].includes(a.status))
        skippedNames.push(`${a.fullName ?? a.title} (${path.relative(process.cwd(), f.name ?? '')})`);
  totals.passed += passed;
  totals.failed += failed + brokenFiles;
  totals.skipped += skipped;
  lines.push(`${label}: ${passed} passed, ${failed + brokenFiles} failed, ${skipped} skipped`);
}

function playwright(file, label) {
  if (!existsSync(file)) {
    lines.push(`${label}: no report (suite did not run)`);
    totals.failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.stats ?? {};
  const passed = (s.expected ?? 0) + (s.flaky ?? 0);
  const failed = s.unexpected ?? 0;
  const skipped = s.skipped ?? 0;
  const errors = (r.errors ?? []).length;
  const walk = (suite, where) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'skipped' || (t.results ?? []).some((x) => x.status === 'skipped')) {
          const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description;
          skippedNames.push(`${spec.title} [${t.projectName}] (${where})${why ? ` — ${why}` : ''}`);
        }
    for (const child of suite.suites ?? []) walk(child, where);
  };
  for (const suite of r.suites ?? []) walk(suite, suite.file ?? suite.title);
  totals.passed += passed;
  totals.failed += failed + errors;
  totals.skipped += skipped;
  lines.push(`${label}: ${passed} passed, ${failed + errors} failed, ${skipped} skipped`);
}

const suites = [
  [vitest, 'test-results/vitest.json', 'vitest (unit + integration + bad-input corpus)'],
  [vitest, 'test-results/soak.json', 'vitest (soak, reduced)'],
  [playwright, 'test-results/playwright.json', 'playwright (e2e web + electron)'],
];
suites.forEach(([run, file, label], i) => {
  const failedBefore = totals.failed;
  run(file, label);
  checkExit(i, label, failedBefore);
});
for (const l of lines) console.log(l);
if (skippedNames.length > 0) {
  console.log(`skipped (${skippedNames.length}), each with its reason in the output above:`);
  for (const n of skippedNames) console.log(`  - ${n}`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
