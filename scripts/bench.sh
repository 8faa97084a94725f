#!/usr/bin/env bash
# Builds the benchmark suite in Release into build/ and runs it; every argument goes to
# sip_bench (Google Benchmark flags), e.g.
#   scripts/bench.sh --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#   scripts/bench.sh --benchmark_filter=parse
# Build parallelism follows CMAKE_BUILD_PARALLEL_LEVEL (e.g. 1 while another build runs).
# Results and how to read them: bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIPWRIGHT_BENCH=ON >/dev/null
cmake --build build --target sip_bench
exec build/bench/sip_bench "$@"
