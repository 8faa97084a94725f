#!/usr/bin/env bash
# Interop: start a real Kamailio on loopback and ping it with `sipwright options`.
# The peer is installed by scripts/setup.sh; when it is missing the test fails loudly.
set -u
bin=$1
cfg=$(dirname "$0")/kamailio-options.cfg
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
[ -x "$kamailio" ] || { echo "FAIL: kamailio is not installed (scripts/setup.sh installs it)"; exit 1; }

work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
cleanup() { [ -f "$work/pid" ] && kill "$(cat "$work/pid")" 2>/dev/null; sleep 0.2; rm -rf "$work"; }
trap cleanup EXIT

"$kamailio" -f "$cfg" -L /usr/lib/x86_64-linux-gnu/kamailio/modules -l "udp:127.0.0.1:$port" -l "tcp:127.0.0.1:$port" -l "udp:[::1]:$port" \
  -P "$work/kamailio.pid" -w "$work" -Y "$work" -DD -E >"$work/log" 2>&1 &
echo $! >"$work/pid"
for _ in $(seq 50); do
  ss -Hltn | grep -q "127.0.0.1:$port " && break
  sleep 0.1
done
ss -Hltn | grep -q "127.0.0.1:$port " || { echo "FAIL: kamailio did not start"; cat "$work/log"; exit 1; }

out=$("$bin" options "sip:127.0.0.1:$port" --count 3 --interval 100ms --timeout 2s); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: options exited $rc"; cat "$work/log"; exit 1; }
[ "$(grep -c '200 Kamailio OK from 127.0.0.1' <<<"$out")" -eq 3 ] || { echo "FAIL: expected three 200 answers"; exit 1; }
grep -q "3 sent, 3 answered, 0 failed" <<<"$out" || { echo "FAIL: wrong summary"; exit 1; }

# IPv6 (RFC 5118): the reference in brackets, answered over UDP on ::1.
out=$("$bin" options "sip:[::1]:$port" --count 1 --timeout 2s); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: options over IPv6 exited $rc"; cat "$work/log"; exit 1; }
grep -q "200 Kamailio OK from \[::1\]:$port" <<<"$out" || { echo "FAIL: no answer over IPv6"; exit 1; }

# The same over TCP: one connection, reused for the three requests and their answers.
out=$("$bin" options "sip:127.0.0.1:$port" --transport tcp --count 3 --interval 100ms --timeout 2s); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: options over TCP exited $rc"; cat "$work/log"; exit 1; }
grep -q "over TCP" <<<"$out" || { echo "FAIL: not over TCP"; exit 1; }
[ "$(grep -c '200 Kamailio OK from 127.0.0.1' <<<"$out")" -eq 3 ] || { echo "FAIL: expected three 200 answers over TCP"; exit 1; }

# TCP to a port where nobody listens: the refused connect ends the probe at once, exit 1.
out=$("$bin" options "sip:127.0.0.1:$((port + 1))" --transport tcp --count 1 --timeout 5s); rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: a refused TCP connect exited $rc, expected 1"; exit 1; }
grep -q "transport error" <<<"$out" || { echo "FAIL: no transport error line"; exit 1; }

# A port where nobody listens: every probe times out, exit 1.
"$bin" options "sip:127.0.0.1:$((port + 1))" --count 1 --timeout 300ms >"$work/none" ; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: a dead target exited $rc, expected 1"; cat "$work/none"; exit 1; }
grep -q "timeout" "$work/none" || { echo "FAIL: no timeout line"; exit 1; }
echo "kamailio options: ok"
