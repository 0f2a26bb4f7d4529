#!/usr/bin/env bash
# A real Wayland desktop with no display, for the Wayland tests and for
# trying Afterword by hand: sway (headless, pixman), PipeWire, WirePlumber,
# xdg-desktop-portal-wlr (built with Afterword's patch by scripts/test) and
# xdg-desktop-portal, on a private session bus, as an unprivileged user
# (sway refuses root). See ../shared/recipes/wayland-headless.md.
#
#   scripts/wayland.sh up DIR [--xwayland]   start; DIR/env holds the session's variables
#   scripts/wayland.sh run DIR CMD...        run CMD as the session's user, in the session
#   scripts/wayland.sh down DIR              stop everything it started (by PID)
#
# DIR is created (it must not exist); its owner becomes the session's user
# (uid WAYLAND_UID, default 65534 `nobody`, when run as root). The screen is
# 1280x720 HEADLESS-1 with a #3a7bd5 background; `swaymsg` through `run`
# changes it. The portal picks that output without a dialog and sends 30
# pictures a second, changed or not, with empty damage lists
# (XDPW_PLAIN_SCREENCOPY=1, the default here). With XDPW_PLAIN_SCREENCOPY=0
# it behaves as upstream's: a picture only when the screen changed since it
# last copied it, with a damage list (sway's names the whole screen), and
# the first one is lost if it comes before the stream is linked, so a test
# of what the screen shows at the start cannot rely on it. XDPW_LOG sets
# its log level.
set -euo pipefail

WAYLAND_UID=${WAYLAND_UID:-65534}
XDPW=${AFTERWORD_XDPW:-$HOME/.cache/afterword/xdpw/xdg-desktop-portal-wlr}
SAFE_PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin

die() {
  echo "error: $*" >&2
  exit 1
}

# As the session's user: setpriv from root, nothing from anyone else.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    local gid
    gid=$(getent passwd "$WAYLAND_UID" | cut -d: -f4)
    setpriv --reuid="$WAYLAND_UID" --regid="${gid:-$WAYLAND_UID}" --clear-groups "$@"
  else
    "$@"
  fi
}

# await WHAT SECONDS CMD...: until CMD succeeds, or fail saying what never came.
await() {
  local what=$1 secs=$2
  shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "error: $what did not come within ${secs} s" >&2; return 1; }
    sleep 0.1
  done
}

has_name() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

# Inside dbus-run-session, as the session's user: the start order of the recipe.
session() {
  local dir=$1 xwayland=$2
  cd "$dir"
  export XDG_RUNTIME_DIR=$dir/run XDG_CURRENT_DESKTOP=sway XDG_SESSION_TYPE=wayland
  export WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 XDPW_PLAIN_SCREENCOPY=${XDPW_PLAIN_SCREENCOPY:-1}
  local pids=()
  # Reverse order of start; each gets a moment, then is killed.
  stop() {
    trap - TERM INT EXIT
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
      kill "${pids[i]}" 2>/dev/null || continue
      for _ in $(seq 30); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
      kill -9 "${pids[i]}" 2>/dev/null || true
    done
    exit 0
  }
  # A start that fails half-way leaves nothing running either.
  trap stop TERM INT EXIT

  sway -c "$dir/sway.conf" >log/sway.log 2>&1 &
  pids+=($!)
  await "sway's Wayland socket" 20 compgen -G "$XDG_RUNTIME_DIR/wayland-*.lock"
  local socket
  socket=$(compgen -G "$XDG_RUNTIME_DIR/wayland-*.lock" | head -1)
  export WAYLAND_DISPLAY
  WAYLAND_DISPLAY=$(basename "${socket%.lock}")
  await "sway's IPC socket" 20 compgen -G "$XDG_RUNTIME_DIR/sway-ipc.*.sock"
  export SWAYSOCK
  SWAYSOCK=$(compgen -G "$XDG_RUNTIME_DIR/sway-ipc.*.sock" | head -1)
  local vars=(WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_RUNTIME_DIR XDG_SESSION_TYPE SWAYSOCK)
  if [ "$xwayland" = 1 ]; then
    await "XWayland's DISPLAY" 20 test -s "$dir/display"
    export DISPLAY
    DISPLAY=$(cat "$dir/display")
    vars+=(DISPLAY)
  fi
  dbus-update-activation-environment "${vars[@]}"

  pipewire >log/pipewire.log 2>&1 &
  pids+=($!)
  await "PipeWire's socket" 20 test -S "$XDG_RUNTIME_DIR/pipewire-0"
  wireplumber >log/wireplumber.log 2>&1 &
  pids+=($!)
  await "WirePlumber on PipeWire" 20 sh -c 'pw-cli ls Client | grep -qi wireplumber'

  "$dir/bin/xdg-desktop-portal-wlr" -l "${XDPW_LOG:-INFO}" -c "$dir/xdpw.conf" >log/xdpw.log 2>&1 &
  pids+=($!)
  await "xdg-desktop-portal-wlr on the bus" 20 has_name org.freedesktop.impl.portal.desktop.wlr
  /usr/libexec/xdg-desktop-portal >log/portal.log 2>&1 &
  pids+=($!)
  await "xdg-desktop-portal on the bus" 20 has_name org.freedesktop.portal.Desktop

  {
    for v in "${vars[@]}"; do printf '%s=%s\n' "$v" "${!v}"; done
    printf 'DBUS_SESSION_BUS_ADDRESS=%s\n' "$DBUS_SESSION_BUS_ADDRESS"
  } >"$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
  sleep infinity &
  pids+=($!)
  wait $! || true
}

up() {
  local dir=$1 xwayland=0
  [ "${2:-}" = --xwayland ] && xwayland=1
  local missing=()
  for c in sway swaybg pipewire wireplumber pw-cli dbus-run-session dbus-send dbus-update-activation-environment setpriv; do
    command -v "$c" >/dev/null || missing+=("$c")
  done
  [ -x /usr/libexec/xdg-desktop-portal ] || missing+=(xdg-desktop-portal)
  [ -f /usr/share/xdg-desktop-portal/portals/wlr.portal ] || missing+=(xdg-desktop-portal-wlr)
  [ "$xwayland" = 0 ] || command -v Xwayland >/dev/null || missing+=(xwayland)
  [ ${#missing[@]} -eq 0 ] || die "the Wayland test session needs ${missing[*]} (scripts/test installs them)"
  [ -x "$XDPW" ] || die "no patched xdg-desktop-portal-wlr at $XDPW (scripts/test builds it: ensure_xdpw in scripts/lib.sh)"
  [ ! -e "$dir" ] || die "$dir exists; give a new folder"

  mkdir -p "$dir"/{run,home,log,bin}
  chmod 700 "$dir/run"
  cp "$XDPW" "$dir/bin/xdg-desktop-portal-wlr"
  cp "${BASH_SOURCE[0]}" "$dir/bin/wayland.sh"
  {
    echo "output HEADLESS-1 resolution 1280x720 bg #3a7bd5 solid_color"
    if [ "$xwayland" = 1 ]; then
      echo "xwayland force"
      echo "exec sh -c 'echo \"\$DISPLAY\" > $dir/display'"
    else
      echo "xwayland disable"
    fi
  } >"$dir/sway.conf"
  # WAYLAND_PORTAL_OUTPUT names another output: the portal then picks none,
  # as a person who cancels its dialog.
  printf '[screencast]\nchooser_type=none\noutput_name=%s\nmax_fps=30\n' "${WAYLAND_PORTAL_OUTPUT:-HEADLESS-1}" >"$dir/xdpw.conf"
  [ "$(id -u)" -ne 0 ] || chown -R "$WAYLAND_UID" "$dir"

  # setsid: the session has its own process group, so a test runner's
  # Ctrl-C reaches `down` and not the session's middle.
  as_user setsid env -i PATH="$SAFE_PATH" HOME="$dir/home" XDG_RUNTIME_DIR="$dir/run" \
    XDPW_PLAIN_SCREENCOPY="${XDPW_PLAIN_SCREENCOPY:-1}" XDPW_LOG="${XDPW_LOG:-INFO}" \
    AFTERWORD_WAYLAND_SESSION="$dir" dbus-run-session -- bash "$dir/bin/wayland.sh" __session "$dir" "$xwayland" >"$dir/log/session.log" 2>&1 &
  local launcher=$!
  local deadline=$((SECONDS + 45))
  until [ -s "$dir/env" ]; do
    if [ $SECONDS -ge $deadline ] || { ! kill -0 "$launcher" 2>/dev/null && [ -z "$(marked "$dir")" ]; }; then
      echo "error: the Wayland session did not start; its logs:" >&2
      tail -n 15 "$dir"/log/*.log >&2 || true
      down "$dir"
      exit 1
    fi
    sleep 0.1
  done
}

# Every process of the session in DIR, however it was started: sway
# double-forks swaybg, the bus activates helpers (xdg-permission-store,
# xdg-document-portal); all of them inherit the session's mark.
marked() {
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qxF "AFTERWORD_WAYLAND_SESSION=$1" && echo "${p#/proc/}"
  done
  return 0
}

down() {
  local dir=$1 p inner=
  [ -d "$dir" ] || return 0
  # The session's own script stops what it started, in reverse order...
  for p in $(marked "$dir"); do
    grep -qF "__session" "/proc/$p/cmdline" 2>/dev/null && ! grep -qF dbus-run-session "/proc/$p/cmdline" && inner=$p
  done
  if [ -n "$inner" ]; then
    kill "$inner" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$inner" 2>/dev/null || break; sleep 0.1; done
  fi
  # ...then the bus, its helpers and anything else of the session's.
  local rest
  rest=$(marked "$dir")
  for p in $rest; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 30); do
    local alive=0
    for p in $rest; do [ -d "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && alive=1; done
    [ $alive = 1 ] || break
    sleep 0.1
  done
  for p in $rest; do kill -9 "$p" 2>/dev/null || true; done
  umount -l "$dir/run/doc" 2>/dev/null || true
}

run() {
  local dir=$1
  shift
  [ -s "$dir/env" ] || die "no Wayland session in $dir (scripts/wayland.sh up $dir)"
  local vars=()
  mapfile -t vars <"$dir/env"
  as_user env -i PATH="$SAFE_PATH" HOME="$dir/home" AFTERWORD_WAYLAND_SESSION="$dir" "${vars[@]}" "$@"
}

case "${1:-}" in
  up) up "${2:?usage: $0 up DIR [--xwayland]}" "${3:-}" ;;
  down) down "${2:?usage: $0 down DIR}" ;;
  run) run "${2:?usage: $0 run DIR CMD...}" "${@:3}" ;;
  __session) session "$2" "$3" ;;
  *) die "usage: $0 up DIR [--xwayland] | run DIR CMD... | down DIR" ;;
esac
