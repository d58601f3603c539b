#!/usr/bin/env bash
# The README's front door, as a new user meets it: with the machine's own Node first on PATH
# (Debian's Node 20 here) and no display, `npm start` builds, serves the app page (HTTP 200)
# in browser mode, and a Ctrl+C (SIGINT to the whole process group) stops it cleanly: npm's
# own Ctrl+C code (130) or 0, no crash message, nothing left listening.
set -uo pipefail
cd "$(dirname "$0")/.."
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
data=$(mktemp -d)
log=$(mktemp)
cleanup() { rm -rf "$data" "$log"; }
trap cleanup EXIT
fail() {
  echo "front door: $1"
  sed 's/^/  | /' "$log" | tail -30
  [ -n "${pid:-}" ] && kill -KILL -- "-$pid" 2>/dev/null
  exit 1
}

echo "front door: node $(PATH=$SYSTEM_PATH node --version) first on PATH, npm start"
env -u DISPLAY -u WAYLAND_DISPLAY PATH="$SYSTEM_PATH" SCEAU_NO_BROWSER=1 SCEAU_DATA_DIR="$data" \
  DBUS_SESSION_BUS_ADDRESS=disabled: setsid npm start >"$log" 2>&1 </dev/null &
pid=$!
url=''
for _ in $(seq 1 240); do
  url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || fail "npm start ended before serving the app"
  sleep 0.5
done
[ -n "$url" ] || fail "no address printed within 120 s"
status=$(curl -s -o /dev/null -w '%{http_code}' "$url/")
[ "$status" = 200 ] || fail "GET $url/ answered $status, not 200"
grep -q 'id="root"' < <(curl -s "$url/") || fail "the page served is not the app"

kill -INT -- "-$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$pid" 2>/dev/null && fail "npm start still running 30 s after Ctrl+C"
wait "$pid"
code=$?
[ "$code" = 0 ] || [ "$code" = 130 ] || fail "npm start exited $code after Ctrl+C (expected 130 or 0)"
grep -qE 'arrêté brutalement|arrêté sur une erreur' "$log" && fail "npm start reported a crash on Ctrl+C"
curl -s -o /dev/null --max-time 2 "$url/" && fail "the app still answers after npm start ended"
echo "front door: npm start served $url/ (HTTP 200) and stopped cleanly"
