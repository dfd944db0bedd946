#!/usr/bin/env bash
# Installs dependencies, builds minnow and runs every test: unit suites, ONNX conformance,
# real-model fixtures, the embedding example and the bad-input corpus, then the bad-input
# corpus again with an AddressSanitizer + UBSan build of the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
./scripts/asan_check.sh
