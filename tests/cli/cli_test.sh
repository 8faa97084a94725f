#!/usr/bin/env bash
# The command-line contract: --help and --version exit 0; unknown commands and options exit 2
# with one line on stderr that points at --help.
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" --version) || fail "--version exited $?"
[[ $out =~ ^sipwright\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version printed '$out'"

out=$("$bin" --help) || fail "--help exited $?"
grep -q "Usage: sipwright" <<<"$out" || fail "--help has no usage line"

for args in "frobnicate" "--no-such-option" ""; do
  err=$("$bin" $args 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] || fail "'$args' exited $rc, expected 2"
  [ "$(wc -l <<<"$err")" -eq 1 ] || fail "'$args' printed more than one line: $err"
  grep -q -- "--help" <<<"$err" || fail "'$args' error does not point at --help: $err"
done
# Options of the commands: a bad value is one line, exit 2.
for args in "options" "options http://example.com" "options sip:a@127.0.0.1 --count 0" \
            "options sip:a@127.0.0.1 --interval 5x" "options sip:a@127.0.0.1 --transport sctp" \
            "call" "call sip:a@127.0.0.1 --dtmf 12x" "call sip:a@127.0.0.1 --target nowhere:xx" \
            "answer --code 100" "answer --threads 0" "answer --threads 2 --transport tcp" \
            "answer --listen not-an-address" "answer --max-calls -1"; do
  err=$("$bin" $args 2>&1 >/dev/null); rc=$?
  [ $rc -eq 2 ] || fail "'$args' exited $rc, expected 2 ($err)"
  [ "$(wc -l <<<"$err")" -eq 1 ] || fail "'$args' printed more than one line: $err"
done
echo "cli: ok"
