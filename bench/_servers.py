"""Servers for the live benchmarks: daphne processes on the bench database (production
settings: DEBUG off, the Redis layer), an echo probe that runs *during* the load, and Debian's
nginx with the repository's deploy/nginx.conf in front of several daphnes."""

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from _setup import BENCH_DB, HOST, ROOT, percentile

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_static() -> None:
    """DEBUG off refuses to start without collected static files (project.checks)."""
    from django.core import checks
    from django.core.management import call_command

    from project.checks import STATIC_TAG

    if any(e.is_serious() for e in checks.run_checks(tags=[STATIC_TAG])):
        call_command("collectstatic", "--noinput", verbosity=0)


def daphne_env(**extra: str) -> dict:
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        {
            "DATABASE_URL": BENCH_DB,
            "REDIS_URL": REDIS_URL,
            "CHANNEL_LAYER_PREFIX": f"bench-{os.getpid()}",
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
            "ALLOWED_HOSTS": f"{HOST},localhost,127.0.0.2,127.0.0.3",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        }
    )
    env.update(extra)
    return env


class _Process:
    """A child process in its own session, its output kept in a temporary file."""

    proc: subprocess.Popen
    log: object

    def output(self, tail: int | None = 3000) -> str:
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        return text if tail is None else text[-tail:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


class Daphne(_Process):
    def __init__(
        self,
        app: str = "echo_asgi:combined",
        *,
        host: str = HOST,
        port: int = 0,
        env: dict | None = None,
    ):
        from tests.e2e.servers import DAPHNE_FLAGS

        self.app, self.host = app, host
        self.port = port or free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                host,
                "-p",
                str(self.port),
                "--verbosity",
                "0",
                *DAPHNE_FLAGS,  # as the image runs it
                app,
            ],
            cwd=ROOT,
            env=env or daphne_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"daphne {app} exited:\n{self.output()}")
            try:
                socket.create_connection((host, self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"daphne {app} did not listen:\n{self.output()}") from None
                time.sleep(0.1)


class Worker(_Process):
    """`manage.py worker` on the bench database: answers' follow-ups (docs/tasks.md) run
    beside the daphnes, as in production, instead of piling up in the queue."""

    def __init__(self, *, env: dict | None = None):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--worker-id", "bench"],
            cwd=ROOT,
            env=env or daphne_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        died = self.proc.poll() is not None
        super().stop()
        if died:
            raise RuntimeError(f"the worker exited during the run:\n{self.output()}")


class EchoProbe:
    """Round trips to a bare echo at a steady pace while the load runs (never after it):
    what the same daphne (or the same machine) gives a message that does no work."""

    def __init__(self, url: str, *, sockets: int = 5, interval: float = 0.1):
        self.url, self.sockets, self.interval = url, sockets, interval
        self.latencies: list[float] = []
        self.failures = 0
        self._stop = asyncio.Event()
        self._tasks: list = []

    async def _client(self, n: int) -> None:
        from websockets.asyncio.client import connect

        try:
            async with connect(self.url, proxy=None, open_timeout=30, compression=None) as ws:
                i = 0
                while not self._stop.is_set():
                    sent = time.perf_counter()
                    await ws.send(json.dumps({"type": "probe", "n": n, "i": i}))
                    await ws.recv()
                    self.latencies.append((time.perf_counter() - sent) * 1000)
                    i += 1
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stop.wait(), self.interval)
        except Exception:  # noqa: BLE001 - counted: a probe that fails is a finding
            self.failures += 1

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._client(n)) for n in range(self.sockets)]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    def summary(self) -> str:
        values = self.latencies
        return (
            f"{percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f} / "
            f"{percentile(values, 0.99):.1f} ms ({len(values)} round trips"
            + (f", {self.failures} probe sockets failed" if self.failures else "")
            + ")"
        )


class Nginx:
    """Debian's nginx running deploy/nginx.conf, adapted only where outside Docker differs:
    the listening port, the resolver (a DNS of our own naming 'web' as every daphne's
    loopback address, like Docker's round-robin) and the main context's connection limits."""

    def __init__(self, upstream_hosts: list[str], upstream_port: int):
        sys.path.insert(0, str(ROOT))
        import resource

        from tests.e2e.nginx import Nginx as TestNginx
        from tests.e2e.nginx import main_config
        from tests.e2e.tiny_dns import TinyDns

        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        self.dns = TinyDns({"web": upstream_hosts}).__enter__()
        self.inner = TestNginx(dns_port=self.dns.port, upstream_port=upstream_port, valid="10s")
        config = (
            main_config(self.inner.root / "site.conf", self.inner.root)
            .replace(
                "events { worker_connections 256; }",
                f"worker_processes 1; worker_rlimit_nofile {nofile};\n"
                f"events {{ worker_connections {nofile // 2}; }}",
            )
            .replace(" info;", " warn;")
        )
        (self.inner.root / "nginx.conf").write_text(config)
        self.inner.start()
        self.port = self.inner.port

    def error_log(self) -> str:
        return self.inner.error_log()

    def stop(self) -> None:
        self.inner.stop()
        self.dns.__exit__(None, None, None)
