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
echo "cli: ok"
