# syntax=docker/dockerfile:1
# Two stages: the build stage installs the locked dependencies (hashes checked) into a
# virtualenv, compiles the translations and collects the static files; the runtime stage
# copies only the result. No tests, benchmarks, demo school, gettext or pip cache in it;
# .dockerignore keeps .env and other secrets out of every layer.

FROM python:3.13-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock
WORKDIR /app
COPY . .
# Build-time only: DEBUG=1 lets settings load without a SECRET_KEY; nothing is served here.
RUN DEBUG=1 /venv/bin/python manage.py compilemessages -v0 \
    && DEBUG=1 /venv/bin/python manage.py collectstatic --noinput -v0 \
    && find locale -name "*.po" -delete \
    && rm -rf deploy/*.conf

FROM python:3.13-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH
RUN useradd --system --home /app growth
COPY --from=build /venv /venv
COPY --from=build --chown=growth /app /app
WORKDIR /app
USER growth
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# A handshake may wait for the database thread under a burst: 20 s, not daphne's default 5 s
# (docs/reliability.md, "Deploying").
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", \
     "--websocket_connect_timeout", "20", "project.asgi:application"]
