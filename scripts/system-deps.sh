#!/usr/bin/env bash
# System packages the tests need. Idempotent; installs only as root with apt-get.
# Where a package cannot be installed, the tests needing it skip with a reason (fail under CI=true).
set -u
missing=()
command -v socat >/dev/null 2>&1 || missing+=(socat)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[crosspoint] installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || echo "[crosspoint] could not install ${missing[*]}" >&2
  fi
else
  echo "[crosspoint] missing ${missing[*]} (not root or no apt-get): install it for the serial tests; they will be skipped" >&2
fi
exit 0
