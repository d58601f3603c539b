#!/usr/bin/env bash
# The README's test command: every suite, then one closing line summing them all.
set -u
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/system-packages.sh
mkdir -p test-results

# Every suite runs for real: a missing Chromium, keyring or xmllint is installed (root) or
# named with the exact command, never silently skipped.
sceau_ensure_system_packages || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
rm -f test-results/vitest.json test-results/soak.json test-results/playwright.json

# Build once so the e2e and CLI tests drive the real bundles.
node scripts/build.mjs || { echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# Unit + integration, inside a D-Bus session with an unlocked gnome-keyring: the keychain
# tests talk to a real Secret Service. A keyring of our own for this run: an existing login
# keyring (other password) would stay locked.
keyring_home=$(mktemp -d)
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c 'echo -n sceau-tests | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; npx vitest run'
vitest_exit=$?
rm -rf "$keyring_home"

# Soak, reduced for CI (SOAK_MINUTES=20 by hand): files, deposits through the fault proxy,
# random SIGKILLs; every file accepted exactly once, journal verified, RSS flat.
SOAK_MINUTES="${SOAK_MINUTES:-1.5}" npx vitest run --config test/soak/vitest.config.ts --reporter=default --reporter=json --outputFile.json=test-results/soak.json
soak_exit=$?

# End-to-end: the web host in Chromium, and the Electron app where its binary can start.
npx playwright test
playwright_exit=$?

# The exit codes too: an unhandled error fails a run without failing any one test.
SUITE_EXITS="$vitest_exit,$soak_exit,$playwright_exit" node scripts/summarize-tests.mjs
