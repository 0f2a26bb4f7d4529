#!/usr/bin/env bash
# The desktop app's whole suite, in one command: builds the UI, the app and
# the CLI, starts its own D-Bus session, Xvfb, PulseAudio (440 Hz tone), an
# X11 tray (trayer), a notification server (notifications.py) and
# tauri-driver, runs the WebDriver tests against the real app, and tears
# everything down. Exits non-zero on any failure. Screenshots go to
# $ARTIFACTS (default: artifacts/app in the repository).
#
#   tests/app/run.sh                                   (tests/app/app.test.mjs)
#   SUITE_FILE="tests/app/app.test.mjs tests/app/workflow.test.mjs" tests/app/run.sh
#   APP_UNDER_TEST=path/to/afterword-desktop tests/app/run.sh   (that build, unbuilt)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

# Own D-Bus session bus (notifications, tray, portals), gone when we exit.
if [ -z "${AFTERWORD_APP_SUITE_BUS:-}" ]; then
  AFTERWORD_APP_SUITE_BUS=1 exec dbus-run-session -- "$0" "$@"
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/afterword/target}
export ARTIFACTS=${ARTIFACTS:-$ROOT/artifacts/app}
mkdir -p "$ARTIFACTS"

# APP_UNDER_TEST drives a given build (deb.sh: the binary the .deb
# installs) and builds nothing; the workflow tests need the CLI beside it.
if [ -z "${APP_UNDER_TEST:-}" ]; then
  [ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
  npm --prefix ui run build >/dev/null
  cargo build -p afterword-desktop -p afterword-cli
fi
SUITE=$(mktemp -d /tmp/afterword-app-suite.XXXXXX)
# The suite runs its own copies: another checkout sharing the target dir may
# rebuild the app or the CLI while this one is being driven.
APP_BIN="$SUITE/afterword-desktop"
cp "${APP_UNDER_TEST:-$CARGO_TARGET_DIR/debug/afterword-desktop}" "$APP_BIN"
[ -n "${APP_UNDER_TEST:-}" ] || cp "$CARGO_TARGET_DIR/debug/afterword" "$SUITE/afterword"

source scripts/headless.sh
headless_up
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$SUITE"
  headless_down
}
trap cleanup EXIT

# A fresh library, settings and link book for this run only.
export XDG_CONFIG_HOME=$SUITE/config XDG_DATA_HOME=$SUITE/data AFTERWORD_HOME=$SUITE/library
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

# A notification server on the private bus that records what it is asked to
# show, so the tests read what a person would have seen.
NOTIFY_LOG=$SUITE/notifications.jsonl
/usr/bin/python3 tests/app/notifications.py "$NOTIFY_LOG" >"$SUITE/notifications.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do grep -q ready "$SUITE/notifications.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$SUITE/notifications.log" || { cat "$SUITE/notifications.log"; echo "the notification server did not start" >&2; exit 1; }

trayer --edge top --align right --width 10 --height 32 --transparent false --SetDockType true >"$SUITE/trayer.log" 2>&1 &
PIDS+=($!)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
NATIVE=$(free_port)
tauri-driver --port "$PORT" --native-port "$NATIVE" >"$SUITE/driver.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

status=0
APP_BIN="$APP_BIN" CLI_BIN="$SUITE/afterword" NOTIFY_LOG="$NOTIFY_LOG" DRIVER="http://127.0.0.1:$PORT" \
  node --test --test-concurrency=1 ${NODE_TEST_ARGS:-} ${SUITE_FILE:-tests/app/app.test.mjs} || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log (tail) ---"
  tail -n 60 "$SUITE/driver.log" || true
fi
exit "$status"
