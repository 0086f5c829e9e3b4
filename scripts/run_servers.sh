#!/usr/bin/env bash
# `make run`: daphne and the task worker (docs/tasks.md) side by side. Ctrl-C stops both,
# and so does either one exiting.
set -u
: "${PY:?}" "${PORT:?}"
daphne="$(dirname "$PY")/daphne"
"$PY" manage.py worker &
worker=$!
# The handshake timeout as the image runs it (Dockerfile, docs/reliability.md).
"$daphne" -b 127.0.0.1 -p "$PORT" --websocket_connect_timeout 20 project.asgi:application &
web=$!
stop() { kill -TERM "$worker" "$web" 2>/dev/null; wait; }
trap stop INT TERM EXIT
wait -n "$worker" "$web"
