"""Real servers for the end-to-end tests: daphne subprocesses and a tiny HTTP client.

Each daphne runs `project.asgi:application` against pytest-django's test database and the
Redis channel layer, exactly as in production (DEBUG off, psycopg pool on).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
RECEIVE_TIMEOUT = 5.0
# As the image and `make run` start daphne (tests/ops/test_deploy_files.py): a handshake may
# wait 20 s for the database thread, not daphne's default 5 (tests/e2e/test_slow_handshake.py).
DAPHNE_FLAGS = ("--websocket_connect_timeout", "20")
NOTIFICATIONS = "/ws/notifications/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url(db: dict) -> str:
    """A DATABASE_URL for a PostgreSQL settings dict (after django_db_setup: the test DB)."""
    user = urllib.parse.quote(db.get("USER") or "", safe="")
    password = urllib.parse.quote(str(db.get("PASSWORD") or ""), safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or ""
    if ":" in host and not host.startswith("/"):
        host = f"[{host}]"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    url = f"postgres://{auth}{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"
    if host.startswith("/"):  # a Unix socket directory
        url = f"postgres://{auth}/{urllib.parse.quote(db['NAME'], safe='')}?host={host}"
    return url


def server_env(*, database_url: str, redis_url: str, secret_key: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secret_key,
            "DEBUG": "0",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "PYTHONUNBUFFERED": "1",
            "LIVE_STRICT": "1",
        }
    )
    env.update(extra)
    return env


@dataclass
class Daphne:
    """One daphne process; `start()` returns once its port accepts connections."""

    env: dict
    name: str = "daphne"
    port: int = field(default_factory=free_port)
    host: str = HOST  # any loopback address (127.0.0.2 ...): two servers may share a port
    proc: subprocess.Popen | None = None
    _log: object = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def origin(self) -> str:
        return self.base_url

    def ws_url(self, path: str) -> str:
        return f"ws://{self.host}:{self.port}{path}"

    def start(self, timeout: float = START_TIMEOUT) -> Daphne:
        self.spawn()
        return self.wait_ready(timeout)

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            self.host,
            "-p",
            str(self.port),
            "--verbosity",
            "1",
            *DAPHNE_FLAGS,
            "project.asgi:application",
        ]

    def spawn(self) -> None:
        # A file, not a pipe: a chatty server must never block on a full pipe buffer.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.command(),
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() signals the group
        )
        # Its own session also shields it from the terminal's Ctrl-C: never leave it behind.
        atexit.register(self.stop)

    def wait_ready(self, timeout: float = START_TIMEOUT) -> Daphne:
        assert self.proc is not None, "spawn() first"
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.proc.returncode} before listening "
                    f"on port {self.port}:\n{self.output()}"
                )
            try:
                socket.create_connection((self.host, self.port), timeout=0.5).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    output = self.output()
                    self.stop()
                    raise RuntimeError(
                        f"{self.name} did not accept connections on port {self.port} "
                        f"within {timeout:.0f}s:\n{output}"
                    ) from None
                time.sleep(0.1)

    def output(self) -> str:
        """Everything the server wrote so far (stdout and stderr)."""
        if self._log is None or self._log.closed:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        """Terminate the process (and wait), so its pooled DB connections are closed."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(STOP_TIMEOUT)
        if self._log is not None and not self._log.closed:
            self._log.close()
        atexit.unregister(self.stop)


@dataclass
class TaskWorker(Daphne):
    """`manage.py worker` (docs/tasks.md): runs the follow-ups of answers, as in production.
    Polls often, so a celebration follows its answer within a test's receive timeout."""

    name: str = "worker"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "manage.py",
            "worker",
            "--interval",
            "0.05",
            "--worker-id",
            f"e2e-{self.port}",
        ]

    def wait_ready(self, timeout: float = START_TIMEOUT) -> TaskWorker:
        assert self.proc is not None, "spawn() first"
        deadline = time.monotonic() + timeout
        while "started" not in self.output():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                output = self.output()
                self.stop()
                raise RuntimeError(f"{self.name} did not start:\n{output}")
            time.sleep(0.1)
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    def csrf_field(self) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        if not match:
            raise AssertionError(f"no CSRF field in the page:\n{self.text[:2000]}")
        return match.group(1)


class HttpClient:
    """A cookie-keeping HTTP client (urllib, no proxies, no redirects followed)."""

    def __init__(
        self, base_url: str, cookies: dict[str, str] | None = None, *, timeout: float = 15
    ):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = dict(cookies or {})
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, data: dict | None = None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = self.base_url + path  # always http://127.0.0.1:<port>/...
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", self.cookie_header())
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            response = self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            response = error
        with response:
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for morsel in SimpleCookie(header).values():
                    self.cookies[morsel.key] = morsel.value
            return Response(response.status, dict(response.headers), text)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)


def answer_question(
    client: HttpClient, *, exercise_id: int, index: int, question_id: int, answer: str
) -> Response:
    """What a browser does without JavaScript: load the question, then post the form."""
    page = client.get(f"/practice/{exercise_id}/?q={index}")
    assert page.status == 200, f"practice page: HTTP {page.status}\n{page.text[:2000]}"
    assert f"/questions/{question_id}/answer/" in page.text, "the page shows another question"
    response = client.post(
        f"/questions/{question_id}/answer/",
        {"csrfmiddlewaretoken": page.csrf_field(), "answer": answer},
        headers={
            "X-CSRFToken": client.cookies.get("csrftoken", ""),
            "Origin": client.base_url,
            "Referer": f"{client.base_url}/practice/{exercise_id}/?q={index}",
        },
    )
    assert response.status == 200, f"answer: HTTP {response.status}\n{response.text[:2000]}"
    assert "data-feedback=" in response.text, "the answer page shows no feedback"
    return response


@dataclass(frozen=True)
class Practice:
    """A logged-in student's cookies and the answers to an exercise's two questions."""

    student_id: int
    cookies: dict[str, str]
    skill_id: int
    exercise_id: int
    choice_q: int  # question 1
    choice_right: str
    choice_wrong: str
    numeric_q: int  # question 2
    numeric_right: str
    numeric_wrong: str

    async def answer(self, server: Daphne, *, index: int, question_id: int, value: str):
        """Answer over HTTP (in a thread, so the event loop keeps reading the sockets)."""
        return await asyncio.to_thread(
            answer_question,
            HttpClient(server.base_url, self.cookies),
            exercise_id=self.exercise_id,
            index=index,
            question_id=question_id,
            answer=value,
        )


def open_socket(
    server: Daphne,
    cookies: dict | None,
    *,
    origin: str | None = "same",
    query: str = "",
    path: str = NOTIFICATIONS,
    open_timeout: float = RECEIVE_TIMEOUT,
):
    """Connect to a live room (the notification socket by default) as `server`'s page would."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    return connect(
        server.ws_url(path + query),
        origin=server.origin if origin == "same" else origin,
        additional_headers=headers,
        proxy=None,
        open_timeout=open_timeout,
        close_timeout=2,
    )


async def receive(ws: ClientConnection) -> dict:
    async with asyncio.timeout(RECEIVE_TIMEOUT):
        return json.loads(await ws.recv())


async def ping(ws: ClientConnection) -> dict:
    await ws.send(json.dumps({"type": "ping"}))
    return await receive(ws)


async def kill_under(ws: ClientConnection, server: Daphne) -> None:
    """SIGKILL `server`; the client connected to it must see its connection close."""
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait(5)
    try:
        async with asyncio.timeout(RECEIVE_TIMEOUT):
            await ws.recv()
    except ConnectionClosed:
        return
    raise AssertionError("a message arrived from a killed server")


async def refusal(connecting) -> int:
    """How a socket expected to be refused was refused: the HTTP status of a refused
    handshake (403: a foreign or missing Origin), or the close code of a socket accepted then
    closed (4401 not logged in, 4403 not allowed in the room, 4429 too many sockets)."""
    try:
        async with connecting as ws, asyncio.timeout(RECEIVE_TIMEOUT):
            while True:
                message = json.loads(await ws.recv())
                if message.get("type") != "error":  # an error may say why before the close
                    raise AssertionError(f"the socket was let in; first message: {message}")
    except InvalidStatus as refused:
        return refused.response.status_code
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else 1006
