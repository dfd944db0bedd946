#!/usr/bin/env bash
# Builds minnow and runs its main job on the bundled PaddleOCR direction classifier:
# inspect the model, run it, write it back as ONNX, and check the rewritten model gives the
# same outputs. Outputs go to out/demo/ (created; nothing else is touched).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh

MODEL=models/ch_ppocr_mobile_v2.0_cls_infer.onnx
OUT=out/demo
mkdir -p "$OUT"
MINNOW=./build/minnow

echo; echo "== minnow inspect"
$MINNOW inspect "$MODEL" --shape x=1x3x48x192

echo; echo "== minnow run (seeded random input)"
$MINNOW run "$MODEL" --random-inputs --shape x=1x3x48x192 --seed 7 --output-dir "$OUT/original"

echo; echo "== minnow convert (import, then export as ONNX)"
$MINNOW convert "$MODEL" -o "$OUT/converted.onnx"
$MINNOW run "$OUT/converted.onnx" --random-inputs --shape x=1x3x48x192 --seed 7 --output-dir "$OUT/converted"

for f in "$OUT"/original/*.npy; do
  cmp -s "$f" "$OUT/converted/$(basename "$f")" || { echo "demo: converted model output $(basename "$f") differs"; exit 1; }
done
echo; echo "demo: the converted model gives identical outputs; files are in $OUT/"
