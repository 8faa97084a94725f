#!/usr/bin/env bash
# The Release build in build/, optimised with the branch profile of a training run (PGO):
#
#   scripts/build.sh [TARGET...]     (default: sipwright)
#
# 1. build-pgo/ is an instrumented build of the training programs; their runs write a profile
#    of which branches the engine takes, and how often, into build-pgo/profile/.
# 2. The training is the call loop of bench/session_bench (calls set up and torn down between
#    two user agents: UDP with 16,384 and 1,024 calls alive, TCP with 16,384) and the message
#    benchmarks of bench/sip_bench: what every call of a load test runs; and, as about a
#    tenth of the parses, the RFC 4475 messages outside section 3.1.1 (parse errors, unusual
#    shapes). It is run again only when an instrumented program changed, i.e. when a source
#    did.
# 3. build/ compiles with that profile: GCC lays out and inlines the hot paths as the training
#    took them. Functions the training never ran get no profile-driven decisions.
#
# Why, and what it gains: docs/building.md and bench/RESULTS.md (stop 12). A build without it
# is `cmake -S . -B DIR -DCMAKE_BUILD_TYPE=Release` (SIPWRIGHT_PGO=off is the default).
# Build parallelism follows CMAKE_BUILD_PARALLEL_LEVEL.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sipwright)
gen=build-pgo
profile=$PWD/$gen/profile

# One build at a time: a second one (bench.sh while test.sh runs) waits here instead of
# training into the same directory.
mkdir -p "$gen"
exec 9>"$gen/.lock"
flock 9

cmake -S . -B "$gen" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIPWRIGHT_TESTS=OFF -DSIPWRIGHT_BENCH=ON \
  -DSIPWRIGHT_PGO=generate -DSIPWRIGHT_PGO_DIR="$profile.new" >/dev/null
cmake --build "$gen" --target session_bench sip_bench

trainers=("$gen/bench/session_bench" "$gen/bench/sip_bench")
stale=0
[ -f "$profile/stamp" ] || stale=1
for t in "${trainers[@]}"; do
  [ "$t" -nt "$profile/stamp" ] && stale=1
done
if [ $stale = 1 ]; then
  echo "build: training run for the profile (a few seconds)"
  # Into a new directory, moved into place only when the training worked: a failed or
  # interrupted run leaves the last good profile (and build/) as they were.
  rm -rf "$profile.new"
  mkdir -p "$profile.new"
  log=$gen/training.log
  # Bounded: each benchmark runs its warm-up and about min_time seconds. The RFC 4475
  # messages other than section 3.1.1 (errors, unusual shapes) make about a tenth of the
  # parses: with ~2% the shapes the training never saw were parsed slower than without a
  # profile (bench/RESULTS.md, stop 12). Section 3.1.1 is left out, to measure exactly that.
  ok=1
  { timeout 300 "$gen/bench/session_bench" --benchmark_filter='call_setup_teardown.*split:0' \
      --benchmark_min_time=0.3 &&
    timeout 300 "$gen/bench/sip_bench" --benchmark_filter='^BM_(parse_(invite|200)|build|serialize|frame)' \
      --benchmark_min_time=0.1 &&
    timeout 300 "$gen/bench/sip_bench" --benchmark_filter='^BM_parse_rfc4475_others$' \
      --benchmark_min_time=0.05; } >"$log" 2>&1 || ok=0
  # A benchmark that skips with an error, or a filter that matches nothing, still exits 0.
  grep -qE 'ERROR OCCURRED|Failed to match' "$log" && ok=0
  # Profiles are named after the objects, relative to the build tree: an engine one must be there.
  compgen -G "$profile.new/engine#sip#*.gcda" >/dev/null || ok=0
  if [ $ok = 0 ]; then
    cat "$log" >&2
    echo "build: the training run failed (above); build/ keeps its last profile" >&2
    exit 1
  fi
  touch "$profile.new/stamp"
  rm -rf "$profile"
  mv "$profile.new" "$profile"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIPWRIGHT_PGO=use \
  -DSIPWRIGHT_PGO_DIR="$profile" >/dev/null
cmake --build build --target "${targets[@]}"
