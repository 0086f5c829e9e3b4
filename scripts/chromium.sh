#!/bin/sh
# Browser tests drive Debian's Chromium (never a downloaded browser): install it if missing.
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1
fi
command -v chromium >/dev/null 2>&1 || {
  echo "chromium is missing: install Debian's package (apt-get install chromium)." >&2; exit 1; }
