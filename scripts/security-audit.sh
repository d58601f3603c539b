#!/usr/bin/env bash
# Security audit (CI, `npm run audit:security`): exits non-zero when a check fails and
# prints one summary line per check.
#   1. npm audit of the production dependencies: no high/critical advisory
#      (skipped, with a clear line, when the registry's audit endpoint cannot be reached);
#   2. electronegativity on the compiled Electron code, HIGH/MEDIUM findings must be
#      justified in test/security/electronegativity-justifications.json;
#   3. the built renderer: no eval( / new Function(, no unsafe-inline / unsafe-eval for scripts.
# SCEAU_AUDIT_SKIP_BUILD=1 reuses dist/ as it is (when the caller has just built).
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
[ -f scripts/env.sh ] && source scripts/env.sh

declare -a summary=()
failed=0
record() { # name status detail
  summary+=("$(printf '%-22s %-8s %s' "$1" "$2" "$3")")
  [ "$2" = "FAIL" ] && failed=$((failed + 1))
  return 0
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---------- 1. npm audit (production dependencies) ----------
echo "== npm audit --omit=dev --audit-level=high"
npm audit --omit=dev --audit-level=high --json >"$tmp/audit.json" 2>"$tmp/audit.err"
audit_rc=$?
audit_verdict=$(node --no-warnings -e '
const fs = require("fs");
const rc = Number(process.argv[1]);
const out = fs.readFileSync(process.argv[2], "utf8");
const err = fs.readFileSync(process.argv[3], "utf8");
let data = null;
try { data = JSON.parse(out); } catch {}
const unreachable = /audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up|40[45] (Not Found|Method Not Allowed)|50[0234]/i;
if (data && data.metadata && data.metadata.vulnerabilities) {
  const v = data.metadata.vulnerabilities;
  const bad = (v.high || 0) + (v.critical || 0);
  const detail = `critical ${v.critical || 0}, high ${v.high || 0}, moderate ${v.moderate || 0}, low ${v.low || 0} (${data.metadata.dependencies?.prod ?? "?"} production dependencies)`;
  if (bad > 0) {
    const names = Object.values(data.vulnerabilities || {}).filter((x) => x.severity === "high" || x.severity === "critical").map((x) => `${x.name} (${x.severity})`);
    console.log(`FAIL\t${detail}: ${names.join(", ")}`);
  } else console.log(`PASS\t${detail}`);
} else if ((data && (data.statusCode || data.message) && !data.vulnerabilities) || unreachable.test(err)) {
  const why = (data && data.message) || err.split("\n").find((l) => l.trim()) || "no answer";
  console.log(`SKIP\tskipped: audit endpoint unreachable (${why.replace(/https?:\/\/\S+/g, "<registry>").replace(/\s+/g, " ").slice(0, 160)})`);
} else {
  console.log(`FAIL\tnpm audit exited ${rc} without a report: ${err.replace(/\s+/g, " ").slice(0, 200)}`);
}
' "$audit_rc" "$tmp/audit.json" "$tmp/audit.err")
audit_status=${audit_verdict%%$'\t'*}
audit_detail=${audit_verdict#*$'\t'}
echo "$audit_detail"
[ "$audit_status" = "FAIL" ] && [ -s "$tmp/audit.json" ] && npm audit --omit=dev --audit-level=high 2>/dev/null | tail -40
record "npm audit" "$audit_status" "$audit_detail"

# ---------- build what the next checks read ----------
if [ "${SCEAU_AUDIT_SKIP_BUILD:-0}" != "1" ]; then
  echo "== build (node scripts/build.mjs node renderer)"
  if ! node scripts/build.mjs node renderer >"$tmp/build.log" 2>&1; then
    tail -30 "$tmp/build.log"
    record "build" "FAIL" "node scripts/build.mjs node renderer failed"
  fi
fi

# ---------- 2. electronegativity (compiled Electron code) ----------
echo "== electronegativity on dist/electron/*.cjs"
node --no-warnings test/security/electronegativity.ts --json "$tmp/electronegativity.json" 2>&1 | grep -v '^Could not retrieve updated translations' | tee "$tmp/eneg.log"
eneg_rc=${PIPESTATUS[0]}
eneg_line=$(grep '^electronegativity: ' "$tmp/eneg.log" | tail -1)
if [ "$eneg_rc" -eq 0 ]; then
  record "electronegativity" "PASS" "${eneg_line#electronegativity: }"
else
  record "electronegativity" "FAIL" "${eneg_line:-exit $eneg_rc (see above)}"
fi

# ---------- 3. renderer bundle + CSP ----------
echo "== renderer bundle and CSP"
node --no-warnings test/security/renderer-bundle.ts | tee "$tmp/renderer.log"
renderer_rc=${PIPESTATUS[0]}
if [ "$renderer_rc" -eq 0 ]; then
  record "renderer bundle/CSP" "PASS" "no eval(/new Function, script CSP without unsafe-inline/unsafe-eval"
else
  record "renderer bundle/CSP" "FAIL" "$(grep -c '  FAIL ' "$tmp/renderer.log") problem(s) (see above)"
fi

echo
echo "Security audit summary"
for line in "${summary[@]}"; do echo "  $line"; done
if [ "$failed" -gt 0 ]; then
  echo "security audit: FAILED ($failed check(s))"
  exit 1
fi
echo "security audit: passed"
exit 0
