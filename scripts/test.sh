#!/usr/bin/env bash
# Runs every test a change must pass: setup (packages and the Release build), the unit,
# integration and CLI tests under AddressSanitizer and UndefinedBehaviorSanitizer, the layer
# check, and a bounded fuzzing run of the SIP parser.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

jobs=$(nproc)
echo "test: building with ASan/UBSan in build-asan/"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSIPWRIGHT_SANITIZE=ON -DSIPWRIGHT_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"

echo "test: checking the layering"
if [ -x ../shared/tools/check-layers ]; then
  ../shared/tools/check-layers
else
  echo "test: ../shared/tools/check-layers not found; the layer check needs ../shared beside the project" >&2
  exit 1
fi

echo "test: running ctest"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j "$jobs"

if command -v clang++-14 >/dev/null 2>&1 || command -v clang++ >/dev/null 2>&1; then
  echo "test: fuzzing the SIP parser for ${FUZZ_SECONDS:-30}s"
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
else
  echo "test: clang not found, fuzzing skipped (scripts/setup.sh installs clang-14)" >&2
  exit 1
fi
echo "test: all passed"
