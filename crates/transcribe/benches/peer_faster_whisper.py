"""The benchmark's peer: faster-whisper (CTranslate2) on the same weights and
audio. Prints one JSON line: seconds transcribing (model load excluded, as
on Afterword's side) and the text. Peak RSS is measured from outside.

    python peer_faster_whisper.py CT2_MODEL_DIR AUDIO_F32LE_16K THREADS
"""
import json, sys, time

import numpy as np
from faster_whisper import WhisperModel

model_dir, audio_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
audio = np.fromfile(audio_path, dtype="<f4")
model = WhisperModel(model_dir, device="cpu", compute_type="default", cpu_threads=threads)
start = time.perf_counter()
segments, _info = model.transcribe(audio, language="en", beam_size=1, vad_filter=False)
text = " ".join(s.text.strip() for s in segments)
print(json.dumps({"seconds": time.perf_counter() - start, "text": text}))
