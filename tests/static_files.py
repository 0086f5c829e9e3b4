"""The collected static files the tests' pages and servers use (hashed names, as in
production)."""

import fcntl
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def collect_static(*, once_per_run: bool) -> None:
    """collectstatic, one process at a time: two at once (the workers, or a worker and the
    pytest run a test starts, tests/ops/test_ci_guard.py) delete each other's hashed files
    mid-write (FileNotFoundError). `once_per_run`: not again if this run collected already."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    mark = root.parent / ".static-collected-for-run"
    with open(root.parent / ".static-collecting.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if once_per_run and run and mark.exists() and mark.read_text() == run:
            return
        call_command("collectstatic", "--noinput", verbosity=0)
        mark.write_text(run or "")
