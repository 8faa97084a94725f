#!/usr/bin/env bash
# Instructions and simulated cache misses per timed call of BM_call_setup_teardown_in_memory,
# from valgrind: the same in every run, whatever the machine's neighbours do. Only the timed
# loop is counted (rig::timed_call; the warm-up batch writes fresh memory and is left out),
# divided by the timed calls. The cache is simulated like this machine's: 64 KB L1 data,
# 32 MB last level (bench/RESULTS.md, stop 10).
#
#   bench/call_counts.sh SESSION_BENCH [BATCH] [MIN_TIME] [--cache]
#
# BATCH is 1024 (default) or 16384; MIN_TIME is Google Benchmark's, under valgrind (default 3:
# 10,000 to 25,000 timed calls at batch 1024). With 16384, give 20 or more, so that the timed
# calls span two batches and more (fewer count a ramp from none alive). --cache adds the
# cache simulation (several times slower). Bounded by a 15-minute timeout.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: bench/call_counts.sh SESSION_BENCH [BATCH] [MIN_TIME] [--cache]" >&2
  exit 2
fi
bin=$1 batch=${2:-1024} min_time=${3:-3} cache=${4:-}
[ -x "$bin" ] || { echo "$bin: not an executable" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sim=()
[ "$cache" = --cache ] && sim=(--cache-sim=yes --D1=65536,8,64 --LL=33554432,16,64)
timeout 900 valgrind --tool=callgrind "${sim[@]}" --callgrind-out-file="$work/out" \
  --toggle-collect='*rig::timed_call*' "$bin" \
  --benchmark_filter="setup_teardown.*tcp:0/batch:$batch/split:0" --benchmark_min_time="$min_time" \
  >/dev/null 2>"$work/err"
python3 - "$work/err" "$work/out" <<'PY'
import re, sys
collected = list(map(int, re.search(r'Collected : ([\d ]+)', open(sys.argv[1]).read()).group(1).split()))
names, calls, callee = {}, 0, None
for line in open(sys.argv[2]):
    if line.startswith(('fn=', 'cfn=')):
        m = re.match(r'c?fn=\((\d+)\)(?: (.*))?', line.strip())
        if m and m.group(2): names[m.group(1)] = m.group(2)
        name = names.get(m.group(1), '') if m else line.split('=', 1)[1]
        if line.startswith('cfn='): callee = name
    elif line.startswith('calls=') and callee and 'rig::timed_call' in callee:
        calls += int(line.split('=')[1].split()[0])
if not calls: sys.exit('no timed call was counted')
out = f'timed calls {calls}: instructions/call {collected[0] / calls:.0f}'
if len(collected) > 1:  # Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw; valgrind drops trailing zeros
    collected += [0] * (9 - len(collected))
    d1, ll = collected[4] + collected[5], collected[7] + collected[8]
    out += f', L1 data misses/call {d1 / calls:.1f} ({collected[5] / calls:.1f} writes)'
    out += f', last-level misses/call {ll / calls:.1f} ({collected[8] / calls:.1f} writes)'
print(out)
PY
