"""Debian's nginx running the shipped config (deploy/nginx.conf) for a test.

Only what cannot be the same outside Docker changes: the port it listens on, the DNS server
(`resolver`: Docker's 127.0.0.11 becomes the test's own, `tiny_dns.TinyDns`) with a shorter
validity, and the replicas' port. Everything else (the variable upstream, the forwarded
proto, websocket upgrades) is the file as shipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .servers import BASE_DIR, HOST, free_port

SHIPPED = BASE_DIR / "deploy" / "nginx.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def main_config(site: Path, root: Path) -> str:
    """A top-level config around a site file (what /etc/nginx/nginx.conf is in the image)."""
    return (
        f"daemon off; pid {root}/nginx.pid; error_log {root}/error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  access_log {root}/access.log;\n"
        f"  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;\n"
        f"  fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi;\n"
        f"  scgi_temp_path {root}/scgi;\n"
        f"  include {site};\n"
        "}\n"
    )


def check_config(site: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a site file, as the nginx image would load it."""
    root = Path(tempfile.mkdtemp(prefix="mg-nginx-t-"))
    try:
        (root / "nginx.conf").write_text(main_config(site, root))
        return subprocess.run(
            [nginx_binary(), "-t", "-p", str(root), "-c", str(root / "nginx.conf")],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Nginx:
    def __init__(self, *, dns_port: int, upstream_port: int, valid: str = "1s"):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="mg-nginx-"))
        site = SHIPPED.read_text()
        replacements = [
            (r"listen 80;", f"listen {HOST}:{self.port};"),
            (r"resolver 127\.0\.0\.11 valid=10s", f"resolver 127.0.0.1:{dns_port} valid={valid}"),
            (r"http://web:8000", f"http://web:{upstream_port}"),
        ]
        for pattern, replacement in replacements:
            site, count = re.subn(pattern, replacement, site)
            assert count == 1, f"deploy/nginx.conf no longer has {pattern!r}"
        (self.root / "site.conf").write_text(site)
        (self.root / "nginx.conf").write_text(main_config(self.root / "site.conf", self.root))
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def origin(self) -> str:
        return self.base_url

    def ws_url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"

    def start(self) -> Nginx:
        self.proc = subprocess.Popen(
            [nginx_binary(), "-p", str(self.root), "-c", str(self.root / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{self.error_log()}")
            with contextlib.suppress(OSError):
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen on {self.port}:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)
