"""The shipped nginx config (deploy/nginx.conf), checked by Debian's nginx and run in front
of two daphnes: pages and a websocket through it, "web" resolved per request (replicas come
and go), and the https redirect when the app redirects to https.

The daphnes listen on 127.0.0.1 and 127.0.0.2, same port: the test's DNS answers "web" with
both addresses, as Docker's does with two replicas.
"""

import socket
import subprocess
import sys
import time

import pytest

from tests.factories import PASSWORD

from .nginx import SHIPPED, Nginx, check_config, nginx_binary
from .servers import BASE_DIR, HttpClient, open_socket, receive
from .tiny_dns import TinyDns

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPLICAS = ("127.0.0.1", "127.0.0.2")


@pytest.fixture
def nginx_path() -> str:
    path = nginx_binary()
    if path is None:
        pytest.skip("nginx is missing (`make test` installs Debian's package)")
    return path


def test_the_shipped_configs_pass_nginx_t(nginx_path, tmp_path):
    result = check_config(SHIPPED)
    assert result.returncode == 0, result.stderr
    # The TLS profile's terminator, with the certificate its tls-cert service makes.
    subprocess.run(
        [sys.executable, str(BASE_DIR / "deploy" / "selfsigned.py"), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    tls = (BASE_DIR / "deploy" / "nginx-tls.conf").read_text().replace("/certs/", f"{tmp_path}/")
    (tmp_path / "tls.conf").write_text(tls)
    result = check_config(tmp_path / "tls.conf")
    assert result.returncode == 0, result.stderr


def _shared_free_port() -> int:
    """A port free on every replica address."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((REPLICAS[1], 0))
            port = probe.getsockname()[1]
        try:
            with socket.socket() as other:
                other.bind((REPLICAS[0], port))
            return port
        except OSError:
            continue
    raise RuntimeError("no port free on both loopback addresses")


def _served_by(servers, path: str) -> list[int]:
    return [server.output().count(f'"GET {path}"') for server in servers]


@pytest.fixture
def behind_nginx(nginx_path, start_daphnes):
    port = _shared_free_port()
    servers = start_daphnes(
        "replica 1", "replica 2", binds=[(ip, port) for ip in REPLICAS], SECURE_SSL_REDIRECT="1"
    )
    with TinyDns({"web": list(REPLICAS)}) as dns:
        front = Nginx(dns_port=dns.port, upstream_port=port).start()
        try:
            yield front, servers, dns
        finally:
            front.stop()


async def test_pages_and_a_websocket_through_nginx_over_both_replicas(behind_nginx, practice):
    front, servers, dns = behind_nginx
    https = {"X-Forwarded-Proto": "https"}  # what a TLS terminator in front sends
    client = HttpClient(front.base_url, practice.cookies)
    for _ in range(6):
        page = client.get("/", headers=https)
        assert page.status == 200, (page.status, page.headers)
        assert "data-live-url" in page.text
    assert all(count >= 1 for count in _served_by(servers, "/")), "round-robin over both"

    # The websocket upgrade goes through, to either replica.
    async with open_socket(front, practice.cookies) as ws:
        assert (await receive(ws))["type"] == "state"

    # A replica gone from DNS stops getting traffic once the answer expires (valid=1s here,
    # 10 s as shipped): nginx re-resolves "web" without a restart.
    dns.records["web"] = [REPLICAS[1]]
    time.sleep(2.5)
    before = _served_by(servers, "/healthz")
    for _ in range(4):
        assert client.get("/healthz").status == 200
    after = _served_by(servers, "/healthz")
    assert after[0] == before[0] and after[1] == before[1] + 4, (before, after)
    assert dns.queries >= 2


def test_https_redirect_follows_the_forwarded_proto(behind_nginx, world):
    front, _, _ = behind_nginx
    client = HttpClient(front.base_url)
    # Plain HTTP reaching nginx directly, the app redirecting to https: one redirect...
    plain = client.get("/accounts/login/")
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://127.0.0.1:{front.port}/accounts/login/"
    # ...and none once a TLS terminator in front says https (passed through, never replaced
    # by nginx's own http: that was a redirect loop).
    https = {"X-Forwarded-Proto": "https"}
    terminated = client.get("/accounts/login/", headers=https)
    assert terminated.status == 200
    # Logging in works through it: the Host reaches the app with its port, so the browser's
    # Origin matches (CSRF), and the session cookie comes back.
    origin = f"https://127.0.0.1:{front.port}"
    logged_in = client.post(
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": terminated.csrf_field(),
            "username": "alice",
            "password": PASSWORD,
        },
        headers={**https, "Origin": origin, "Referer": f"{origin}/accounts/login/"},
    )
    assert logged_in.status == 302, logged_in.text[:500]
    assert client.get("/", headers=https).status == 200
    # Probes stay on plain HTTP.
    assert client.get("/healthz").status == 200
