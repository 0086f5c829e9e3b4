# Madrasti Growth: `make run` (demo app) and `make test` (whole suite, real services).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST_PYTHON = $(shell scripts/find_python.sh)

# Test services: the local PostgreSQL and Redis unless the caller points elsewhere.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/madrasti_growth)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)

PORT ?= 8000
# Test workers (pytest-xdist; tests/parallel.py): 2 fits the suite in CI's 20 minutes on a
# 2-core machine. PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= 2

.PHONY: run test lint format messages venv clean lock bench

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || { py="$(HOST_PYTHON)"; test -n "$$py" || exit 1; \
	  echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

messages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  DJANGO_SETTINGS_MODULE=project.settings DEBUG=1 $(PY) manage.py compilemessages -v0 \
	    --ignore=.venv --ignore=var; fi

run: venv messages
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "Madrasti Growth is starting at http://127.0.0.1:$(PORT)"
	@echo "  students: student01 ... student50   teachers: teacher1, teacher2   admin: admin"
	@echo "  password for all: growth-demo"
	@echo
	@echo "  (daphne and the task worker run together; Ctrl-C stops both)"
	DEBUG=1 PY=$(PY) PORT=$(PORT) scripts/run_servers.sh

test: venv messages
	@PY=$(PY) scripts/services.sh
	@scripts/chromium.sh
	@scripts/nginx.sh
	@# Collected before pytest imports anything: importing project.asgi runs the static check.
	DEBUG=0 SECRET_KEY=test-only-secret-key-for-the-suite-0123456789-abcdefghijklmnop \
	  $(PY) manage.py collectstatic --noinput -v0
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DEBUG=0 \
	  CHANNEL_LAYER_PREFIX=test-$$$$ \
	  SECRET_KEY=test-only-secret-key-for-the-suite-0123456789-abcdefghijklmnop \
	  SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
	  $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Benchmarks (bench/RESULTS.md): each creates and drops its own database on the local
# PostgreSQL and uses the local Redis. Short runs by default; BENCH_SCALE=full for the sizes
# of the goals (about an hour on 2 cores).
BENCH_SCALE ?= small
bench: venv
	@PY=$(PY) scripts/services.sh
	@scripts/nginx.sh
	BENCH_SCALE=$(BENCH_SCALE) REDIS_URL=$(TEST_REDIS_URL) $(PY) bench/run_all.py

# The image installs exactly these (hashes checked); rerun after changing dependencies.
lock: venv
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.13 \
	  --universal --custom-compile-command "make lock" -o requirements.lock

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
