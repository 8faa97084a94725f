#!/usr/bin/env bash
# The README's first command: scripts/demo.sh places a whole call with DTMF against our own
# answerer and exits 0; its output shows the events and the answerer's summary.
set -u
root=$1
out=$("$root/scripts/demo.sh" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: demo exited $rc"; exit 1; }
for want in "progress 180 Ringing" "accepted 200 OK" "dtmf sent #" "bye sent" "terminated (BYE answered)" \
            "calls 1: answered 1" "DTMF received 5"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: the demo did not show '$want'"; exit 1; }
done
echo "demo: ok"
