# A private X server and audio server for machines with no display or sound
# card: Xvfb on a free display, and a PulseAudio daemon whose default source
# hears a steady 440 Hz tone. Sourced; `headless_up` exports DISPLAY and
# XDG_RUNTIME_DIR (where the audio server's socket is), and an EXIT trap
# tears both down.

headless_up() {
  HEADLESS_DIR=$(mktemp -d /tmp/afterword-headless.XXXXXX)
  local n=99
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  # -noreset: without it the screen resets to black when the last client leaves.
  Xvfb ":$n" -screen 0 "${HEADLESS_SIZE:-1920x1080}x24" -noreset -nolisten tcp >"$HEADLESS_DIR/xvfb.log" 2>&1 &
  HEADLESS_PIDS=($!)
  export DISPLAY=":$n"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  xsetroot -solid '#2e6bd1'

  # The daemon's socket is where a desktop's is, $XDG_RUNTIME_DIR/pulse/native,
  # and clients find it as they do there. Not PULSE_RUNTIME_PATH: the Rust
  # client under cpal (pulseaudio 0.3.2, socket_path_from_env) reads it as
  # the folder above pulse/, finds no socket and gives up without looking
  # further, so the app fell back to ALSA: plugin names for microphones and
  # no system audio.
  export XDG_RUNTIME_DIR="$HEADLESS_DIR/run"
  mkdir -p "$XDG_RUNTIME_DIR/pulse" && chmod 700 "$XDG_RUNTIME_DIR"
  # module-sine into a null sink, heard through its monitor: module-sine-source
  # delivers 2 s bursts that stall recorders.
  pulseaudio --daemonize=no --system=false --exit-idle-time=-1 -n --use-pid-file=no \
    -L module-native-protocol-unix -L 'module-null-sink sink_name=vsink rate=48000' \
    -L 'module-sine sink=vsink frequency=440' >"$HEADLESS_DIR/pulse.log" 2>&1 &
  HEADLESS_PIDS+=($!)
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl set-default-source vsink.monitor
  # A client reading in small blocks keeps the sink rendering steadily.
  parec -d vsink.monitor --latency-msec=20 --raw >/dev/null 2>&1 &
  HEADLESS_PIDS+=($!)
  # A fresh daemon's monitor delivers nothing for ~1.5 s: wait for 0.5 s of
  # sound, so the first recording hears the tone from its start (the media
  # tests' harness waits the same way).
  { timeout 10 parec -d vsink.monitor --latency-msec=20 --raw 2>/dev/null | head -c 96000 >/dev/null; } || true
  trap headless_down EXIT
}

headless_down() {
  kill "${HEADLESS_PIDS[@]}" 2>/dev/null || true
  wait "${HEADLESS_PIDS[@]}" 2>/dev/null || true
  # The app's D-Bus session may have mounted the document portal in our runtime dir.
  fusermount -u "$HEADLESS_DIR/run/doc" 2>/dev/null || umount -l "$HEADLESS_DIR/run/doc" 2>/dev/null || true
  rm -rf "$HEADLESS_DIR" 2>/dev/null || true
}
