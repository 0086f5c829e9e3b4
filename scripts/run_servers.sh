#!/usr/bin/env bash
# `make run`: daphne and the task worker (docs/tasks.md) side by side. Ctrl-C stops both,
# and so does either one exiting.
set -u
: "${PY:?}" "${PORT:?}"
daphne="$(dirname "$PY")/daphne"
"$PY" manage.py worker &
worker=$!
"$daphne" -b 127.0.0.1 -p "$PORT" project.asgi:application &
web=$!
stop() { kill -TERM "$worker" "$web" 2>/dev/null; wait; }
trap stop INT TERM EXIT
wait -n "$worker" "$web"
