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
# rate of each. Bounded: ROUNDS × 2 runs of about MIN_TIME (default 0.5 s) plus start-up.
set -euo pipefail
usage() { echo "usage: bench/paired_runs.sh ROUNDS FILTER BASELINE CANDIDATE [MIN_TIME] [--parallel]" >&2; exit 2; }
[ $# -ge 4 ] || usage
rounds=$1 filter=$2 base=$3 cand=$4 min_time=${5:-0.5} parallel=${6:-}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || usage
[ -z "$parallel" ] || [ "$parallel" = --parallel ] || usage
for b in "$base" "$cand"; do [ -x "$b" ] || { echo "$b: not an executable" >&2; exit 2; }; done
if [ -n "$parallel" ]; then
  command -v taskset >/dev/null || { echo "taskset is not installed (util-linux)" >&2; exit 1; }
  [ "$(nproc)" -ge 2 ] || { echo "--parallel needs two cores" >&2; exit 2; }
fi

rate() {  # items per second of the first benchmark the filter selects; $2: a core to pin to
  ${2:+taskset -c "$2"} "$1" --benchmark_filter="$filter" --benchmark_min_time="$min_time" --benchmark_format=csv 2>/dev/null |
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "items_per_second") col = i; next }
             col && $1 ~ /^"/ { print $col; exit }'
}
ratios=() bases=() cands=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq "$rounds"); do
  if [ -n "$parallel" ]; then
    rate "$base" $(( i % 2 )) >"$work/base" &
    rate "$cand" $(( (i + 1) % 2 )) >"$work/cand"
    wait
    b=$(cat "$work/base") c=$(cat "$work/cand")
  elif (( i % 2 )); then b=$(rate "$base"); c=$(rate "$cand"); else c=$(rate "$cand"); b=$(rate "$base"); fi
  [ -n "$b" ] && [ -n "$c" ] || { echo "no rate for '$filter' (round $i)" >&2; exit 1; }
  bases+=("$b") cands+=("$c") ratios+=("$(awk -v b="$b" -v c="$c" 'BEGIN { printf "%.4f", c / b }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "ratios: ${ratios[*]}"
above=$(printf '%s\n' "${ratios[@]}" | awk '$1 > 1 { n++ } END { print n + 0 }')
echo "candidate/baseline: median $(median "${ratios[@]}"), above 1 in $above of $rounds"
echo "baseline median $(median "${bases[@]}")/s, candidate median $(median "${cands[@]}")/s"
