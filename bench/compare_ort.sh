#!/usr/bin/env bash
# Side-by-side latency and memory of minnow and ONNX Runtime (node, CPU, all graph optimizations)
# on resnet18, mobilenet_v2, resnet50, PaddleOCR v4 det/rec/cls and the transformer encoder, at 1
# and 2 threads, engines alternating. Installs onnxruntime-node and exports the torchvision models
# the way scripts/compare_with_ort.sh does (--setup-only), then runs bench/compare_ort.js.
#
#   bench/compare_ort.sh [--minnow build/minnow] [--threads 1,2] [--rounds 3] [--only resnet] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/compare_with_ort.sh --setup-only
CACHE=${MINNOW_MODEL_CACHE:-.models}
exec node bench/compare_ort.js --torch-dir "$CACHE/torch" "$@"
