#!/usr/bin/env bash
# Interop with SIPp (Debian package sip-tester, installed by scripts/setup.sh; missing: fail):
#  1. our `call` against SIPp's built-in UAS: the call is accepted and ends cleanly (exit 0);
#  2. SIPp's built-in UAC scenario against our `answer`: 200 calls, zero failed.
set -u
bin=$1
sipp=$(command -v sipp || echo /usr/bin/sipp)
[ -x "$sipp" ] || { echo "FAIL: sipp is not installed (scripts/setup.sh installs sip-tester)"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; sleep 0.2; rm -rf "$work"; }
trap cleanup EXIT
free_udp_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 30000 ))
    ss -Hlun | grep -q ":$p " || { echo $p; return; }
  done
}

# 1. sipwright call -> SIPp UAS
port=$(free_udp_port)
"$sipp" -sn uas -i 127.0.0.1 -p "$port" -m 1 -nostdin >"$work/uas.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do ss -Hlun | grep -q "127.0.0.1:$port " && break; sleep 0.1; done
out=$("$bin" call "sip:service@127.0.0.1:$port" --duration 300ms --timeout 5s); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: call to SIPp's UAS exited $rc"; cat "$work/uas.out"; exit 1; }
grep -q "accepted 200" <<<"$out" || { echo "FAIL: not accepted"; exit 1; }
grep -q "terminated (BYE answered)" <<<"$out" || { echo "FAIL: did not end with an answered BYE"; exit 1; }

# 2. SIPp UAC -> sipwright answer, 200 calls
port=$(free_udp_port)
"$bin" answer --listen "127.0.0.1:$port" --max-calls 200 --threads 2 >"$work/answer.out" 2>&1 &
answer=$!
pids+=($answer)
for _ in $(seq 50); do ss -Hlun | grep -q "127.0.0.1:$port " && break; sleep 0.1; done
"$sipp" -sn uac "127.0.0.1:$port" -i 127.0.0.1 -m 200 -r 100 -l 50 -timeout 40s -timeout_error -nostdin \
  -trace_stat -stf "$work/stat.csv" -trace_msg -message_file "$work/messages.log" >"$work/uac.out" 2>&1; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: SIPp's UAC exited $rc (some calls failed)"; tail -30 "$work/uac.out"; exit 1; }
# The cumulative counters, found by their column names in SIPp's statistics file.
column() { awk -F';' -v name="$1" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print $c }' "$work/stat.csv"; }
failed=$(column 'FailedCall(C)')
successful=$(column 'SuccessfulCall(C)')
echo "SIPp UAC: $successful successful, $failed failed"
[ "$successful" = 200 ] && [ "$failed" = 0 ] || { echo "FAIL: expected 200 successful, 0 failed"; exit 1; }
# `answer` sends 100 Trying first to every INVITE (docs/command-line.md), though it answers at once.
trying=$(grep -c "^SIP/2.0 100 Trying" "$work/messages.log" || true)
# (At least: a retransmitted INVITE gets its 100 again.)
[ "$trying" -ge 200 ] || { echo "FAIL: expected 200 '100 Trying' from the answerer, saw $trying"; exit 1; }
for _ in $(seq 50); do kill -0 $answer 2>/dev/null || break; sleep 0.1; done
cat "$work/answer.out"
grep -q "calls 200: answered 200" "$work/answer.out" || { echo "FAIL: the answerer did not see 200 answered calls"; exit 1; }
echo "sipp interop: ok"
