#!/usr/bin/env bash
# Interop: `sipwright options sip:sip.test` resolved through RFC 3263 against a real dnsmasq
# on loopback (NAPTR -> SRV -> A), where the first SRV target refuses TCP and the second is a
# real Kamailio: the probe fails over and is answered. Peers come from scripts/setup.sh; a
# missing one fails the test loudly.
set -u
bin=$1
here=$(dirname "$0")
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$kamailio" ] || { echo "FAIL: kamailio is not installed (scripts/setup.sh installs it)"; exit 1; }
[ -x "$dnsmasq" ] || { echo "FAIL: dnsmasq is not installed (scripts/setup.sh installs dnsmasq-base)"; exit 1; }

work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
dead=$((port + 1))
dns=$((port + 2))
cleanup() {
  for f in kamailio.pid dnsmasq.pid; do [ -f "$work/$f" ] && kill "$(cat "$work/$f")" 2>/dev/null; done
  sleep 0.2; rm -rf "$work"
}
trap cleanup EXIT

"$kamailio" -f "$here/kamailio-options.cfg" -L /usr/lib/x86_64-linux-gnu/kamailio/modules \
  -l "tcp:127.0.0.1:$port" -P "$work/kamailio.pid" -w "$work" -Y "$work" -DD -E >"$work/kamailio.log" 2>&1 &
"$dnsmasq" --keep-in-foreground --no-resolv --no-hosts --port="$dns" --listen-address=127.0.0.1 \
  --bind-interfaces --conf-file=/dev/null --log-facility=- --pid-file="$work/dnsmasq.pid" --local=/test/ \
  --naptr-record=sip.test,10,10,s,SIP+D2T,,_sip._tcp.sip.test \
  --srv-host=_sip._tcp.sip.test,dead.sip.test,$dead,10,0 \
  --srv-host=_sip._tcp.sip.test,live.sip.test,$port,20,0 \
  --host-record=dead.sip.test,127.0.0.1 --host-record=live.sip.test,127.0.0.1 >"$work/dnsmasq.log" 2>&1 &
for _ in $(seq 50); do
  ss -Hltn | grep -q "127.0.0.1:$port " && ss -Hlun | grep -q "127.0.0.1:$dns " && break
  sleep 0.1
done

out=$("$bin" options sip:sip.test --dns "127.0.0.1:$dns" --count 2 --interval 100ms --timeout 2s); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: options exited $rc"; cat "$work/kamailio.log" "$work/dnsmasq.log"; exit 1; }
grep -q "over TCP" <<<"$out" || { echo "FAIL: NAPTR should have chosen TCP"; exit 1; }
[ "$(grep -c "200 Kamailio OK from 127.0.0.1:$port" <<<"$out")" -eq 2 ] || { echo "FAIL: expected two answers from the second SRV target"; exit 1; }

# A name that does not exist: a clear error, exit 1.
"$bin" options sip:nothing.test --dns "127.0.0.1:$dns" 2>"$work/err"; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: an unknown name exited $rc, expected 1"; exit 1; }
grep -q "cannot resolve 'nothing.test'" "$work/err" || { echo "FAIL: no resolve error: $(cat "$work/err")"; exit 1; }
echo "kamailio dns failover: ok"
