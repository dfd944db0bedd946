#!/usr/bin/env bash
# Builds the `minnow` CLI with AddressSanitizer + UBSan into build-asan/ and runs the bad-input
# corpus (ctest label bad_input) with it: any out-of-bounds access, use-after-free, leak or
# undefined behaviour on a hostile file prints a sanitizer report, which the corpus driver rejects
# (it wants exactly one "error:" line). Pass --unit to also build and run the unit tests under ASan.
# MINNOW_JOBS limits build parallelism (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${MINNOW_ASAN_BUILD_DIR:-build-asan}
JOBS=${MINNOW_JOBS:-$(nproc)}
start=$(date +%s)

cmake -S . -B "$BUILD_DIR" -G Ninja -DMINNOW_ASAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(minnow_cli)
[ "${1:-}" = "--unit" ] && targets+=(minnow_tests)
cmake --build "$BUILD_DIR" -j "$JOBS" --target "${targets[@]}"
built=$(date +%s)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
labels="bad_input"
[ "${1:-}" = "--unit" ] && labels="bad_input|unit"
status=0
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" -L "$labels") || status=$?
end=$(date +%s)
echo "asan_check: build $((built - start)) s, tests $((end - built)) s"
exit "$status"
