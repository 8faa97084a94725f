#!/usr/bin/env bash
# Builds the benchmark suite in Release into build/ (profile-guided like the tool, see
# scripts/build.sh) and runs it; every argument goes to sip_bench (Google Benchmark flags), e.g.
#   scripts/bench.sh --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#   scripts/bench.sh --benchmark_filter=parse
# The figures are those of the profile-guided build, whose training includes these messages;
# docs/building.md shows how to build a tree without it, to compare.
# Build parallelism follows CMAKE_BUILD_PARALLEL_LEVEL (e.g. 1 while another build runs).
# Results and how to read them: bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh sip_bench
exec build/bench/sip_bench "$@"
