#!/usr/bin/env bash
# Builds the libFuzzer target of the SIP message layer (tests/fuzz/sip_message_fuzz.cpp) with
# clang 14, ASan and UBSan into build-fuzz/, without the project's CMake, then fuzzes it.
#
#   scripts/fuzz.sh [SECONDS]     fuzz for SECONDS (default 30)
#
# Before fuzzing, every reproducer in tests/fuzz/regressions/*.bin is replayed once. The working
# corpus is build-fuzz/corpus, seeded from copies of tests/data/rfc4475/*.dat (the seeds
# themselves are never written) and the regressions. Crash, timeout and OOM inputs land in
# build-fuzz/artifacts/; the script prints their paths and exits 1 when there are any.
#
# Exit status: 0 no finding, 1 a crash/sanitizer report/timeout/OOM, 2 no clang, 3 build failed.
#
# To look at one input:      build-fuzz/sip_message_fuzz FILE
# To minimize a crash:       build-fuzz/sip_message_fuzz -minimize_crash=1 -runs=20000 \
#                              -exact_artifact_path=tests/fuzz/regressions/NAME.bin FILE
# Environment: FUZZ_NICE (default "nice -n 10", empty to disable), FUZZ_ARGS (extra libFuzzer
# flags), CXX (a clang++ to use instead of clang++-14).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-30}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]   (SECONDS a positive integer, default 30)" >&2
  exit 2
fi

# ---- compiler ------------------------------------------------------------------------------
cxx=${CXX:-}
if [ -z "$cxx" ]; then
  if command -v clang++-14 >/dev/null 2>&1; then
    cxx=clang++-14
  elif command -v clang++ >/dev/null 2>&1; then
    cxx=clang++
  fi
fi
if [ -z "$cxx" ] || ! command -v "$cxx" >/dev/null 2>&1 || ! "$cxx" --version 2>/dev/null | grep -qi clang; then
  echo "fuzz: clang++ (clang-14 with libFuzzer) not found; install clang-14 and libclang-rt-14-dev" \
       "(scripts/setup.sh does) or set CXX to a clang++" >&2
  exit 2
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(ccache)

out=build-fuzz
mkdir -p "$out/obj" "$out/corpus" "$out/artifacts"

flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -fno-omit-frame-pointer -I engine
       # Bounds-checked string_view/vector operator[] and ASan-poisoned vector capacity slack,
       # so an index past a view inside a larger buffer is reported too.
       -D_GLIBCXX_ASSERTIONS -D_GLIBCXX_SANITIZE_VECTOR=1)

# ---- build ---------------------------------------------------------------------------------
echo "fuzz: building with ${launcher[*]:+${launcher[*]} }$cxx into $out/"
sources=(engine/sip/*.cpp tests/fuzz/sip_message_fuzz.cpp)
objects=()
build_failed=0
pids=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(basename "${src%.cpp}").o"
  objects+=("$obj")
  "${launcher[@]}" "$cxx" "${flags[@]}" -c "$src" -o "$obj" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || build_failed=1; done
if [ "$build_failed" -ne 0 ]; then
  echo "fuzz: compilation failed" >&2
  exit 3
fi
if ! "$cxx" "${flags[@]}" "${objects[@]}" -lfmt -o "$out/sip_message_fuzz"; then
  echo "fuzz: link failed" >&2
  exit 3
fi
fuzzer="$root/$out/sip_message_fuzz"

# ---- corpus --------------------------------------------------------------------------------
# Copies, so that nothing libFuzzer does can touch the RFC 4475 files (the first corpus
# directory is the one it writes to).
for f in tests/data/rfc4475/*.dat; do
  cp -n -- "$f" "$out/corpus/seed-$(basename "$f")"
done
mkdir -p tests/fuzz/regressions
shopt -s nullglob
regressions=(tests/fuzz/regressions/*.bin)
shopt -u nullglob
for f in "${regressions[@]}"; do
  cp -- "$f" "$out/corpus/regression-$(basename "$f")"
done

nice_cmd=(${FUZZ_NICE-nice -n 10})
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# ---- regressions ---------------------------------------------------------------------------
status=0
if ((${#regressions[@]})); then
  echo "fuzz: replaying ${#regressions[@]} regression input(s) from tests/fuzz/regressions/"
  for f in "${regressions[@]}"; do
    if ! "${nice_cmd[@]}" "$fuzzer" "$f" >"$out/regression.log" 2>&1; then
      echo "fuzz: REGRESSION still crashes: $root/$f" >&2
      grep -E "ERROR: |SUMMARY: |runtime error|INVARIANT|#[0-9]+ .* in sw::" "$out/regression.log" | head -n 12 >&2
      status=1
    fi
  done
fi

# ---- fuzz ----------------------------------------------------------------------------------
marker="$out/.fuzz-start"
touch "$marker"
log="$out/fuzz-0.log"
rm -f "$log"
echo "fuzz: running $fuzzer for ${seconds}s over $out/corpus (log: $log)"
dict=()
[ -f tests/fuzz/sip.dict ] && dict=(-dict="$root/tests/fuzz/sip.dict")
# With -jobs the fuzzing runs in a child process whose output goes to fuzz-<job>.log in the
# current directory, hence the cd; the parent echoes that whole log when the job ends, so its own
# output goes to fuzz-parent.log.
(
  cd "$out" &&
    # shellcheck disable=SC2086
    "${nice_cmd[@]}" "$fuzzer" -jobs=1 -workers=1 -max_total_time="$seconds" -max_len=8192 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$root/$out/artifacts/" "${dict[@]}" \
      ${FUZZ_ARGS:-} corpus >fuzz-parent.log 2>&1
)
fuzz_rc=$?
if [ -f "$log" ]; then
  # The progress lines, the final stats and any report.
  grep -aE "INITED|DONE|pulse|^stat::|ERROR|SUMMARY|runtime error|INVARIANT|Test unit written|#[0-9]+ 0x.* in " "$log" |
    tail -n 60
fi

# ---- verdict -------------------------------------------------------------------------------
mapfile -t found < <(find "$out/artifacts" -type f -newer "$marker" \
                       \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
if ((${#found[@]})); then
  echo "fuzz: FOUND ${#found[@]} failing input(s):" >&2
  for f in "${found[@]}"; do echo "  $root/$f" >&2; done
  status=1
elif [ "$fuzz_rc" -ne 0 ]; then
  echo "fuzz: the fuzzer exited with status $fuzz_rc (see $root/$log)" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "fuzz: no crash in ${seconds}s"
exit "$status"
