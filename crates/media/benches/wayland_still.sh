#!/usr/bin/env bash
# Wayland benchmark (not a test): each given `afterword` binary records 20 s
# of the test desktop's still screen (headless sway, 1280x720, through the
# ScreenCast portal; scripts/wayland.sh), three runs interleaved. Prints CPU
# seconds, peak RSS, frames encoded and the file's size. FFmpeg 5.1 has no
# PipeWire input, so the peer is an older build of Afterword itself:
#
#   crates/media/benches/wayland_still.sh OLD_BINARY NEW_BINARY
#
# WAYLAND_BENCH_CHANGING=1: the whole screen changes instead, its background
# set to a new colour about every 0.15 s while each binary records.
# XDPW_PLAIN_SCREENCOPY=0: the portal sends a picture only when the screen
# changed, as upstream's does (scripts/wayland.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 AFTERWORD_BINARY..." >&2; exit 2; }
DIR=/tmp/afterword-wayland-bench.$$
trap '"$ROOT/scripts/wayland.sh" down "$DIR" >/dev/null 2>&1 || true' EXIT
"$ROOT/scripts/wayland.sh" up "$DIR" >"$DIR.log" 2>&1 || { echo "the Wayland session did not start: see $DIR.log" >&2; exit 1; }
names=()
for i in $(seq 1 $#); do
  cp "${!i}" "$DIR/bin/afterword-$i"
  names+=("$i")
done
for run in 1 2 3; do
  for i in "${names[@]}"; do
    out="$DIR/out-$i-$run.json"
    painter=
    if [ "${WAYLAND_BENCH_CHANGING:-0}" = 1 ]; then
      (for k in $(seq 1 200); do
        "$ROOT/scripts/wayland.sh" run "$DIR" swaymsg output HEADLESS-1 bg \
          "#$(printf '%02x%02x%02x' $((k * 7 % 256)) $((k * 13 % 256)) $((k * 29 % 256)))" solid_color >/dev/null 2>&1
        sleep 0.15
      done) &
      painter=$!
    fi
    stats=$("$ROOT/scripts/wayland.sh" run "$DIR" env AFTERWORD_HOME="$DIR/home/lib-$i-$run" NO_COLOR=1 \
      /usr/bin/time -f "%U %S %M" "$DIR/bin/afterword-$i" record --no-mic --no-transcribe --json --duration 20 \
      2>&1 >"$out" | tail -1)
    [ -z "$painter" ] || { kill "$painter" 2>/dev/null; wait "$painter" 2>/dev/null || true; }
    read -r user sys peak <<<"$stats"
    python3 - "$out" "${!i}" "$run" "$user" "$sys" "$peak" <<'PY'
import json, sys
out, binary, run, user, sys_, peak = sys.argv[1:]
clip = json.load(open(out))
cpu = float(user) + float(sys_)
print(f"run {run} {binary}: {cpu:.2f} CPU s ({cpu / (clip['duration_ms'] / 1000):.3f} s/s), "
      f"peak {int(peak) // 1024} MB, {clip['capture']['frames_encoded']} frames encoded, {clip['size_bytes']} bytes")
PY
  done
done
