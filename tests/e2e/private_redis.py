"""A Redis server of the test's own (a free port, nothing saved), so a test can kill it and
start it again without touching the shared one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .servers import HOST, free_port


@dataclass
class PrivateRedis:
    binary: str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mg-private-redis-")))

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @classmethod
    def create(cls) -> PrivateRedis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("no redis-server (apt-get install redis-server)")
        server = cls(binary=binary)
        server.start()
        return server

    def start(self, timeout: float = 10) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """Gone at once, as a crash would leave it: every client's connection drops."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def destroy(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)
