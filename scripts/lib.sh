# Shared set-up for scripts/run and scripts/test: installs only what is
# missing, so running either again is cheap. Sourced, not executed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Outside the clone, so a fresh clone still builds incrementally.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/afterword/target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# Everything the build, the app and the tests use from Debian/Ubuntu.
APT_PACKAGES=(
  # Rust crates that build C and bind FFmpeg (ffmpeg-next uses bindgen)
  build-essential pkg-config clang libclang-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libavdevice-dev libavfilter-dev
  # time zones for working hours (jiff reads the system tz database)
  tzdata
  # microphone (cpal -> ALSA -> PulseAudio)
  libasound2-dev libasound2-plugins
  # the headless desktop and audio server the tests and the demo run against
  ffmpeg xvfb x11-xserver-utils x11-utils xdotool pulseaudio pulseaudio-utils
  # browser tests and the share-server benchmark's yardsticks
  chromium nginx-light wrk curl jq
  # the desktop app (Tauri 2 on WebKitGTK), its tray, and driving it over WebDriver
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libssl-dev
  webkit2gtk-driver trayer dbus dbus-x11
  # what the app's tests read the desktop with: the clipboard, and notifications on D-Bus
  xclip python3-dbus
  # recording benchmark yardstick
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
  gstreamer1.0-pulseaudio gstreamer1.0-x gstreamer1.0-libav time
  # the app benchmark's peer: a bare WebKitGTK window from Python
  python3-gi gir1.2-webkit2-4.1
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt() {
  local missing=()
  # Node may come from elsewhere (NodeSource, nvm); Debian's npm conflicts with it.
  command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
  for p in "${APT_PACKAGES[@]}"; do
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

ensure_all() {
  ensure_apt
  ensure_rust
  ensure_cargo_tools
  ensure_ui
}
