"""A PostgreSQL server of the test's own (initdb in a temporary directory, a free port), so a
test can restart or stop it without touching the shared one.

Uses Debian's server binaries (/usr/lib/postgresql/<version>/bin). As root, the server runs
as the `postgres` user, as PostgreSQL requires.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .servers import HOST, free_port


def server_bin() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


@dataclass
class PrivatePostgres:
    bin_dir: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *args], capture_output=True, text=True, check=check, timeout=60
        )

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses={HOST} -c fsync=off "
            "-c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            *extra,
        )

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @classmethod
    def create(cls) -> PrivatePostgres:
        bin_dir = server_bin()
        if bin_dir is None:
            raise FileNotFoundError(
                "no /usr/lib/postgresql/*/bin/pg_ctl (apt-get install postgresql)"
            )
        root = Path(tempfile.mkdtemp(prefix="mg-private-pg-"))
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        server = cls(bin_dir=bin_dir, root=root, port=free_port())
        server._run(
            str(bin_dir / "initdb"),
            "-D",
            str(server.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        server.pg_ctl("start")
        return server

    def copy_database(self, *, source_url: str, dbname: str) -> str:
        """Create `dbname` here as a copy of `source_url` (schema and rows), return its URL."""
        subprocess.run(
            ["psql", "-q", "-d", self.url("postgres"), "-c", f'CREATE DATABASE "{dbname}"'],
            check=True,
            capture_output=True,
            timeout=30,
        )
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "-d", source_url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(dbname)],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )
        return self.url(dbname)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)
