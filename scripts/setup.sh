#!/usr/bin/env bash
# Installs what the project needs (Debian packages only), then builds Release into build/,
# profile-guided (scripts/build.sh). Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev
  libfmt-dev libssl-dev libsrtp2-dev libc-ares-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsofia-sip-ua-dev
  clang-14 libclang-rt-14-dev
  sip-tester kamailio dnsmasq-base
  iproute2 python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >/dev/null
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${SETUP_SKIP_BUILD:-0}" != 1 ]; then
  scripts/build.sh sipwright
fi
