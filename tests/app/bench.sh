#!/usr/bin/env bash
# Start-up benchmark of the desktop app (a benchmark, not a test): cold start
# to first paint and idle RSS with a library of 10,000 clips, on a release
# build, under its own Xvfb and D-Bus session.
#
#   tests/app/bench.sh [--clips N] [--runs N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ -z "${AFTERWORD_APP_BENCH_BUS:-}" ]; then
  AFTERWORD_APP_BENCH_BUS=1 exec dbus-run-session -- "$0" "$@"
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/afterword/target}
[ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
npm --prefix ui run build >/dev/null
cargo build --release -p afterword-desktop --bins --features bench
source scripts/headless.sh
headless_up
"$CARGO_TARGET_DIR/release/afterword-desktop-bench" --peer tests/app/peer_webkit.py "$@"
