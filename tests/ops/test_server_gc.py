"""The server process's garbage-collection settings (project/asgi.py): what it loaded is frozen
out of the collector's sight, and its young generation is large enough that the objects of
messages in flight die young instead of filling the old generation (bench/RESULTS.md, 10,000
open pages: full collections of about 1 s every 10-20 s at Python's default)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT = "import gc, project.asgi; print(gc.get_threshold()[0], gc.get_freeze_count() > 10_000)"


def _server_gc(**extra: str) -> tuple[int, bool]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "GC_"))}
    env.update(DJANGO_SETTINGS_MODULE="project.settings", **extra)
    done = subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    young, frozen = done.stdout.split()
    return int(young), frozen == "True"


def test_the_server_freezes_what_it_loaded_and_widens_the_young_generation():
    young, frozen = _server_gc()
    assert young == 10_000
    assert frozen


def test_the_young_threshold_is_a_setting_that_never_goes_below_pythons():
    assert _server_gc(GC_YOUNG_THRESHOLD="50000")[0] == 50_000
    pythons = subprocess.run(
        [sys.executable, "-c", "import gc; print(gc.get_threshold()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert _server_gc(GC_YOUNG_THRESHOLD="100")[0] == int(pythons.stdout) > 100
