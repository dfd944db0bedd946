#!/usr/bin/env bash
# Installs dependencies, builds minnow and runs every test: unit suites, ONNX conformance,
# real-model fixtures, the bad-input corpus (also under AddressSanitizer) and the example.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
