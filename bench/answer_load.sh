#!/usr/bin/env bash
# `sipwright answer` as the far end of a load test, side by side with SIPp's own UAS.
#
# SIPp's built-in `uac` scenario (INVITE, 100/180/200, ACK, BYE, 200) places calls at a fixed
# rate over loopback UDP against each answerer in turn: `sipwright answer` on one worker
# thread, then `sipp -sn uas`. For each rate it prints the calls SIPp saw succeed and fail and
# the CPU time the answerer used per call (user + system, from /proc). Both ends
# share the machine's cores, so compare the two answerers at the same rate, not across
# machines. Bounded: every run is `seconds` long at most plus a 30 s timeout.
#
#   bench/answer_load.sh [build/sipwright] [seconds per rate] [rate ...]
set -u
bin=${1:-build/sipwright}
seconds=${2:-5}
shift 2 2>/dev/null || shift $#
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(1000 2000 4000)
sipp=$(command -v sipp) || { echo "sipp is not installed (scripts/setup.sh installs sip-tester)"; exit 1; }
[ -x "$bin" ] || { echo "$bin: not built (scripts/setup.sh builds it)"; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

free_udp_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    ss -Hlun | grep -q ":$p " || { echo "$p"; return; }
  done
}
wait_listening() { for _ in $(seq 50); do ss -Hlun | grep -q "127.0.0.1:$1 " && return; sleep 0.1; done; }
column() { awk -F';' -v name="$1" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print $c }' "$2"; }

# CPU seconds (user + system) a live process has used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

# run_one NAME RATE CALLS COMMAND...: the answerer is COMMAND with PORT substituted. It runs
# until SIPp is done; its CPU time is read from /proc just before it is stopped.
run_one() {
  local name=$1 rate=$2 calls=$3
  shift 3
  local port
  port=$(free_udp_port)
  "${@//PORT/$port}" >"$work/$name.out" 2>&1 &
  local answerer=$!
  wait_listening "$port"
  local t0 t1
  t0=$(date +%s.%N)
  "$sipp" -sn uac "127.0.0.1:$port" -i 127.0.0.1 -m "$calls" -r "$rate" -l $((rate * 2)) \
    -timeout $((seconds + 30))s -timeout_error -nostdin -trace_stat -stf "$work/$name.csv" \
    >"$work/$name.uac" 2>&1
  t1=$(date +%s.%N)
  local cpu ok failed
  cpu=$(cpu_of "$answerer")
  kill "$answerer" 2>/dev/null
  wait "$answerer" 2>/dev/null
  ok=$(column 'SuccessfulCall(C)' "$work/$name.csv")
  failed=$(column 'FailedCall(C)' "$work/$name.csv")
  printf '%-10s %6s calls/s asked, %6.0f reached  %7s calls: %7s ok %5s failed  answerer CPU %6.2f s = %5.1f µs/call\n' \
    "$name" "$rate" "$(awk -v n="$calls" -v a="$t0" -v b="$t1" 'BEGIN { print n / (b - a) }')" "$calls" "$ok" "$failed" \
    "$cpu" "$(awk -v c="$cpu" -v n="$ok" 'BEGIN { print (n > 0 ? c * 1e6 / n : 0) }')"
}

echo "# $(date -u '+%F %T') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in "${rates[@]}"; do
  calls=$((rate * seconds))
  run_one sipwright "$rate" "$calls" "$bin" answer --listen 127.0.0.1:PORT --threads 1
  run_one sipp-uas "$rate" "$calls" "$sipp" -sn uas -i 127.0.0.1 -p PORT -nostdin
done
