#!/bin/sh
# The deployment tests run Debian's nginx (never a downloaded build): install it if missing.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx for the deployment tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null 2>&1
  # The package may start a server on port 80; the tests run their own.
  if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
fi
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || {
  echo "nginx is missing: install Debian's package (apt-get install nginx)." >&2; exit 1; }
