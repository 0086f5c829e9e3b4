"""With DEBUG off and no collected static files, startup fails with what to do (not a 500
on every page). The suite itself collects them once at its start (tests/conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

from project.checks import static_files_collected

ROOT = Path(__file__).resolve().parents[2]


def _run(code: list[str], static_root: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(DEBUG="0", STATIC_ROOT=str(static_root), DJANGO_SETTINGS_MODULE="project.settings")
    return subprocess.run(
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_check_passes_once_collected_and_in_development(settings, tmp_path):
    assert static_files_collected() == []  # the suite collected them at its start
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = True
    assert static_files_collected() == []


def test_the_check_names_the_command_when_nothing_was_collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (error,) = static_files_collected()
    assert error.id == "project.E001"
    assert "collectstatic --noinput" in error.hint


def test_daphne_and_manage_py_refuse_to_start_without_collected_files(tmp_path):
    started = _run(["-c", "import project.asgi"], tmp_path)
    assert started.returncode != 0
    assert "Static files were not collected" in started.stderr
    assert "collectstatic --noinput" in started.stderr
    checked = _run(["manage.py", "check"], tmp_path)
    assert checked.returncode != 0
    assert "project.E001" in checked.stderr + checked.stdout
    # collectstatic itself is not blocked by the check it satisfies.
    collected = _run(["manage.py", "collectstatic", "--noinput", "-v0"], tmp_path)
    assert collected.returncode == 0, collected.stderr
    assert _run(["-c", "import project.asgi"], tmp_path).returncode == 0
