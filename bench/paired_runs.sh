#!/usr/bin/env bash
# Two builds of a Google Benchmark binary compared on a noisy machine: each round runs both,
# back to back, order alternating, and takes the ratio of their rates (items_per_second). The
# median of many such ratios moves little when the machine's neighbours move single runs by
# tens of percent; a median of each binary's own runs does not (bench/RESULTS.md, stop 10).
#
#   bench/paired_runs.sh ROUNDS FILTER BASELINE CANDIDATE [MIN_TIME] [--parallel]
#
# With --parallel, each round runs the two at the same time, one per core (taskset), and
# swaps the cores every round: both then see the same minutes of the neighbours' load, and
# the core each ran on cancels out over the rounds. Their rates are lower than alone (the
# two share the last-level cache); the ratio is what it is for.
#
# e.g. bench/paired_runs.sh 30 'setup_teardown.*tcp:0/batch:16384/split:0' /tmp/old_session_bench build/bench/session_bench
# Prints each ratio (candidate / baseline), their median, the share above 1, and the median
# and spread (min, quartiles, max) of each binary's rates. Bounded: ROUNDS × 2 runs of about
# MIN_TIME (default 0.5 s) plus start-up.
set -euo pipefail
usage() { echo "usage: bench/paired_runs.sh ROUNDS FILTER BASELINE CANDIDATE [MIN_TIME] [--parallel]" >&2; exit 2; }
[ $# -ge 4 ] || usage
rounds=$1 filter=$2 base=$3 cand=$4 min_time=0.5 parallel=
shift 4
for arg in "$@"; do
  case $arg in
    --parallel) parallel=1 ;;
    [0-9]*) [[ "$arg" =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage; min_time=$arg ;;
    *) usage ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || usage
for b in "$base" "$cand"; do [ -x "$b" ] || { echo "$b: not an executable" >&2; exit 2; }; done
cpus=()
if [ -n "$parallel" ]; then
  command -v taskset >/dev/null || { echo "taskset is not installed (util-linux)" >&2; exit 1; }
  # The first two cores this process may run on ("0-1", "2,5-7" ...).
  IFS=, read -ra ranges <<<"$(awk '/^Cpus_allowed_list/ { print $2 }' /proc/self/status)"
  for r in "${ranges[@]}"; do
    for ((c = ${r%-*}; c <= ${r#*-}; c++)); do cpus+=("$c"); done
  done
  [ ${#cpus[@]} -ge 2 ] || { echo "--parallel needs two cores" >&2; exit 2; }
fi

rate() {  # items per second of the first benchmark the filter selects; $2: a core to pin to
  # awk reads to the end (no early exit), so the benchmark never writes into a closed pipe.
  ${2:+taskset -c "$2"} "$1" --benchmark_filter="$filter" --benchmark_min_time="$min_time" --benchmark_format=csv 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "items_per_second") col = i; next }
             col && $1 ~ /^"/ && !done { print $col; done = 1 }'
}
ratios=() bases=() cands=()
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq "$rounds"); do
  if [ -n "$parallel" ]; then
    # Each round the other binary starts first and each takes the other core.
    if (( i % 2 )); then first=$base second=$cand; else first=$cand second=$base; fi
    rate "$first" "${cpus[$(( i % 2 ))]}" >"$work/first" &
    pid=$!
    rate "$second" "${cpus[$(( (i + 1) % 2 ))]}" >"$work/second" || true
    wait "$pid" || true
    if (( i % 2 )); then b=$(cat "$work/first") c=$(cat "$work/second"); else c=$(cat "$work/first") b=$(cat "$work/second"); fi
  elif (( i % 2 )); then b=$(rate "$base"); c=$(rate "$cand"); else c=$(rate "$cand"); b=$(rate "$base"); fi
  [ -n "$b" ] && [ -n "$c" ] || { echo "no rate for '$filter' (round $i)" >&2; exit 1; }
  bases+=("$b") cands+=("$c") ratios+=("$(awk -v b="$b" -v c="$c" 'BEGIN { printf "%.4f", c / b }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "ratios: ${ratios[*]}"
above=$(printf '%s\n' "${ratios[@]}" | awk '$1 > 1 { n++ } END { print n + 0 }')
echo "candidate/baseline: median $(median "${ratios[@]}"), above 1 in $above of $rounds"
echo "baseline median $(median "${bases[@]}")/s, candidate median $(median "${cands[@]}")/s"
# The spread of each binary's own rates: min, quartiles, max (a goal is met by a share of runs).
# Quartiles by nearest rank; the median as median() takes it (the mean of the middle two).
spread() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
  END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "min %.0f, q1 %.0f, median %.0f, q3 %.0f, max %.0f\n", v[1], v[int((NR + 3) / 4)], m, v[int((3 * NR + 3) / 4)], v[NR] }'; }
echo "baseline rates: $(spread "${bases[@]}")"
echo "candidate rates: $(spread "${cands[@]}")"
