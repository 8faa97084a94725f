#!/usr/bin/env bash
# A whole call on this machine, no SIP server needed: sets up, starts `sipwright answer` on
# loopback, places a `sipwright call` to it with DTMF and a few seconds of talk time, shows
# the events as they happen, then stops the answerer and shows what it saw.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh >/dev/null
bin=build/sipwright
port=$(( 25000 + RANDOM % 10000 ))

echo "== starting the answerer: $bin answer --listen 127.0.0.1:$port --ring 1s"
$bin answer --listen "127.0.0.1:$port" --ring 1s &
answerer=$!
trap 'kill $answerer 2>/dev/null || true' EXIT
sleep 0.5

echo
echo "== placing the call: $bin call sip:demo@127.0.0.1:$port --dtmf 1234# --duration 3s"
status=0
$bin call "sip:demo@127.0.0.1:$port" --dtmf '1234#' --duration 3s || status=$?

echo
echo "== stopping the answerer"
kill -TERM $answerer
wait $answerer || true
trap - EXIT
exit $status
