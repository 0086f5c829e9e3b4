"""The deployment files as shipped: what cannot be built here (no Docker daemon) is at least
read and held to its promises; nginx itself is checked in tests/e2e/test_nginx.py."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from tests.e2e.servers import DAPHNE_FLAGS

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_checks_the_health_of_web_redis_and_postgres():
    services = _compose()["services"]
    for name in ("db", "redis", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["lb"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_compose_serves_plain_http_as_shipped_and_https_in_the_tls_profile():
    compose = _compose()
    env = compose["x-app"]["environment"]
    assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-0}"
    assert env["SECURE_COOKIES"] == "${SECURE_COOKIES:-0}"
    assert "127.0.0.1" in env["ALLOWED_HOSTS"]  # the healthcheck's own Host
    services = compose["services"]
    assert services["lb"]["ports"] == ["8000:80"]
    assert services["tls"]["profiles"] == ["tls"] and services["tls-cert"]["profiles"] == ["tls"]
    assert "./deploy/nginx-tls.conf" in services["tls"]["volumes"][0]


def test_secrets_tests_and_benchmarks_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".git", "tests", "bench", "var", ".venv"):
        assert entry in ignored, entry


def test_the_image_is_multi_stage_from_the_lock_with_a_bare_runtime():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"(?m)^FROM ", dockerfile)[1:]
    assert len(stages) == 2 and stages[1].split()[2] == "runtime"
    build, runtime = stages
    assert "--require-hashes" in build and "requirements.lock" in build
    assert "collectstatic" in build and "compilemessages" in build
    for absent in ("apt-get", "pip install", "gettext", "tests", "bench"):
        assert absent not in runtime, absent
    assert "COPY --from=build /venv /venv" in runtime
    assert "/healthz" in runtime  # HEALTHCHECK


def test_every_daphne_we_start_waits_20_s_for_a_handshake():
    """The image and `make run` run daphne with the flags the tests and benchmarks use
    (tests/e2e/test_slow_handshake.py shows what they change)."""
    assert DAPHNE_FLAGS == ("--websocket_connect_timeout", "20")
    cmd = re.search(r"(?ms)^CMD (\[.*?\])\s*$", (ROOT / "Dockerfile").read_text()).group(1)
    words = re.findall(r'"([^"]+)"', cmd)
    assert words[0] == "daphne" and " ".join(DAPHNE_FLAGS) in " ".join(words)
    run = (ROOT / "scripts" / "run_servers.sh").read_text()
    assert f'"$daphne" -b 127.0.0.1 -p "$PORT" {" ".join(DAPHNE_FLAGS)} ' in run


def test_the_lock_pins_every_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {
        m.group(1).lower().replace("_", "-"): m.group(2)
        for m in re.finditer(r"(?m)^([A-Za-z0-9_.-]+)==([^\s;\\]+)", lock)
    }
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = requirement.name.lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pinned[name]), (
            f"{name}=={pinned[name]} is outside {requirement.specifier}: run `make lock`"
        )
    assert "--hash=sha256:" in lock
