#!/usr/bin/env bash
# The .deb a person installs: builds it with `cargo tauri build --bundles
# deb` (release, so minutes on 2 cores; the time is printed), checks its
# metadata and contents, unpacks it into a scratch root, runs the app suite
# (app.test.mjs, desktop.test.mjs) against the unpacked binary, and starts
# it as a person would under a private Xvfb, tray and D-Bus session: its
# window must appear, and Quit in its tray menu must end it with status 0.
#
#   tests/app/deb.sh            (scripts/test runs it after the app suite)
#   DEB=path/to.deb tests/app/deb.sh    checks a .deb already built
#
# Unpacked with `dpkg -x`, never installed with `dpkg -i`, on CI too: CI runs
# on a developer's machine that later sessions get back, and an installed
# package would put a stale /usr/bin/afterword-desktop ahead of every build.
# That the package would install is checked instead: every Depends is a
# package installed here, and the binary's libraries all resolve.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ -z "${AFTERWORD_DEB_BUS:-}" ]; then
  AFTERWORD_DEB_BUS=1 exec dbus-run-session -- "$0" "$@"
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/afterword/target}
fail() { echo "deb.sh: $*" >&2; exit 1; }

VERSION=$(cargo metadata --no-deps --format-version 1 | jq -r '.packages[] | select(.name == "afterword-desktop") | .version')
if [ -z "${DEB:-}" ]; then
  [ -d ui/node_modules ] || npm --prefix ui ci --no-audit --no-fund
  started=$(date +%s)
  # beforeBuildCommand (tauri.conf.json) builds the UI first.
  (cd src-tauri && cargo tauri build --bundles deb -- --locked)
  echo "deb.sh: cargo tauri build --bundles deb took $(($(date +%s) - started)) s"
  DEB=$CARGO_TARGET_DIR/release/bundle/deb/Afterword_${VERSION}_amd64.deb
fi
[ -f "$DEB" ] || fail "no package at $DEB"

# What `apt show` and dpkg would tell a person about it.
field() { dpkg-deb --field "$DEB" "$1"; }
[ "$(field Package)" = afterword ] || fail "Package is '$(field Package)', not afterword"
[ "$(field Version)" = "$VERSION" ] || fail "Version is '$(field Version)', not $VERSION (Cargo.toml)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
DEPENDS=$(field Depends)
for need in libwebkit2gtk-4.1-0 libgtk-3-0 libavcodec59 libavformat59 libavutil57 libswscale6 libswresample4; do
  grep -qE "(^|, )$need( |,|$)" <<<"$DEPENDS" || fail "Depends lacks $need: $DEPENDS"
done
# Reactions are emoji: without a colour emoji font they show as empty
# boxes, so the package recommends one (apt installs Recommends by default).
RECOMMENDS=$(field Recommends 2>/dev/null || true)
grep -qE "(^|, )fonts-noto-color-emoji( |,|$)" <<<"$RECOMMENDS" || fail "Recommends lacks fonts-noto-color-emoji: '$RECOMMENDS'"
dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q 'install ok installed' || fail "fonts-noto-color-emoji (recommended) is not installed here"
# It would install here: each dependency is a package this machine has.
IFS=',' read -ra deps <<<"$DEPENDS"
for dep in "${deps[@]}"; do
  name=$(awk '{print $1}' <<<"$dep")
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed' || fail "dependency $name is not installable here (not installed)"
done

SCRATCH=$(mktemp -d /tmp/afterword-deb.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  headless_down 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
dpkg-deb -x "$DEB" "$SCRATCH/root"
BIN=$SCRATCH/root/usr/bin/afterword-desktop
[ -x "$BIN" ] || fail "no usr/bin/afterword-desktop in the package"
others=$(find "$SCRATCH/root/usr/bin" -type f ! -name afterword-desktop)
[ -z "$others" ] || fail "the package ships other programs: $others"
DESKTOP=$SCRATCH/root/usr/share/applications/Afterword.desktop
grep -qx 'Exec=afterword-desktop' "$DESKTOP" || fail "the menu entry does not start afterword-desktop"
grep -qx 'Icon=afterword-desktop' "$DESKTOP" || fail "the menu entry has no icon"
[ -f "$SCRATCH/root/usr/share/icons/hicolor/128x128/apps/afterword-desktop.png" ] || fail "no 128x128 icon"
missing=$(ldd "$BIN" | grep 'not found' || true)
[ -z "$missing" ] || fail "libraries not found: $missing"
# FFmpeg's device and filter libraries (and the ~70 they bring: SDL, JACK,
# tesseract, flite…) are nothing the app calls; linked, every start loads
# them and the window's process holds them.
unused=$(objdump -p "$BIN" | grep -E 'NEEDED +lib(avdevice|avfilter|postproc)' || true)
[ -z "$unused" ] || fail "the app links FFmpeg parts it does not use: $unused"

# What the issue asks a person to do with the installed app (record from the
# tray and a hotkey, find the clip, comment, paste its link, ...), proven
# over WebDriver against the unpacked binary rather than the debug build.
# (workflow.test.mjs needs the CLI, which the .deb does not ship.)
APP_UNDER_TEST="$BIN" SUITE_FILE="tests/app/app.test.mjs tests/app/desktop.test.mjs" \
  ARTIFACTS="${ARTIFACTS:-$ROOT/artifacts/deb}" tests/app/run.sh

# Start it as a person would after installing: a fresh home, its own X and
# audio server and a tray, nothing but the unpacked files.
source scripts/headless.sh
headless_up
trap cleanup EXIT # headless_up set its own; cleanup calls headless_down too
export HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config XDG_DATA_HOME=$SCRATCH/home/.local/share
unset AFTERWORD_HOME
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
trayer --edge top --align right --width 10 --height 32 --transparent false --SetDockType true >"$SCRATCH/trayer.log" 2>&1 &
PIDS+=($!)
"$BIN" >"$SCRATCH/app.log" 2>&1 &
APP=$!
PIDS+=("$APP")
if ! window=$(timeout 60 xdotool search --sync --onlyvisible --name '^Afterword$' | head -1) || [ -z "$window" ]; then
  tail -n 30 "$SCRATCH/app.log" >&2
  fail "the installed app showed no window within 60 s"
fi
echo "deb.sh: the unpacked app shows its window ($window)"
# The window is Tauri's configured one, made before the app's set-up opens
# the library: the two race, so the library gets a wait like the window's.
library() { [ -n "$(find "$HOME" -name '*.db' -print -quit)" ]; }
for _ in $(seq 100); do library && break; sleep 0.1; done
library || { tail -n 30 "$SCRATCH/app.log" >&2; fail "the app made no library under $HOME within 10 s of its window"; }

# Quit from the tray menu (its last item), as a person would: the process
# must end by itself, with status 0, within 10 s.
icon=$(timeout 20 xdotool search --sync --classname tray-icon | head -1) || fail "no tray icon"
eval "$(xdotool getwindowgeometry --shell "$icon")"
xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2)) click 1
for _ in $(seq 50); do
  xdotool search --onlyvisible --classname afterword-desktop | grep -vqx "$window" && break
  sleep 0.1
done
xdotool key --delay 50 End Return
for _ in $(seq 100); do kill -0 "$APP" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APP" 2>/dev/null && fail "the app did not end within 10 s of Quit"
status=0
wait "$APP" || status=$?
PIDS=("${PIDS[@]:0:1}")
[ "$status" -eq 0 ] || { tail -n 30 "$SCRATCH/app.log" >&2; fail "the app ended with status $status after Quit"; }
echo "deb.sh: ok: $(basename "$DEB") ($(du -h "$DEB" | cut -f1)) installs, passes the app suite, starts, shows its window and quits from the tray"
