#!/bin/sh
# Make sure PostgreSQL and Redis answer for `make test`; start the local ones if they do not.
set -u
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
PY=${PY:-.venv/bin/python}

pg_up() { "$PY" -c "import socket; socket.create_connection(('$PG_HOST', $PG_PORT), 2)" 2>/dev/null; }
redis_up() { "$PY" -c "
import socket; s = socket.create_connection(('$REDIS_HOST', $REDIS_PORT), 2)
s.sendall(b'PING\r\n'); assert s.recv(16).startswith(b'+PONG')" 2>/dev/null; }

if ! pg_up; then
  echo "PostgreSQL is not answering on $PG_HOST:$PG_PORT; trying to start the local server..."
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  for _ in 1 2 3 4 5 6 7 8 9 10; do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL is missing: install it (apt-get install postgresql) or set DATABASE_URL." >&2; exit 1; }
fi
if ! redis_up; then
  echo "Redis is not answering on $REDIS_HOST:$REDIS_PORT; trying to start the local server..."
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  for _ in 1 2 3 4 5; do redis_up && break; sleep 1; done
  redis_up || { echo "Redis is missing: install it (apt-get install redis-server) or set REDIS_URL." >&2; exit 1; }
fi
echo "PostgreSQL and Redis are up."
