"""In CI a missing browser or service fails the run; the summary counts browser tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _pytest.reports import TestReport

from tests.ci import in_ci, refuse_skip

BASE_DIR = Path(__file__).resolve().parents[2]


def _report(outcome: str, longrepr=None) -> TestReport:
    return TestReport("t.py::t", ("t.py", 1, "t"), {}, outcome, longrepr, "setup")


def test_ci_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert in_ci()
    monkeypatch.setenv("CI", "")
    assert not in_ci()


def test_a_skip_becomes_a_failure_that_keeps_its_reason():
    report = _report("skipped", ("t.py", 3, "Skipped: chromium is not installed"))
    refuse_skip(report)
    assert report.failed
    assert "chromium is not installed" in str(report.longrepr)
    assert "CI=true" in str(report.longrepr)


def test_a_pass_or_an_xfail_is_left_alone():
    passed = _report("passed")
    refuse_skip(passed)
    assert passed.passed
    xfailed = _report("skipped", ("t.py", 3, "xfail"))
    xfailed.wasxfail = "known"
    refuse_skip(xfailed)
    assert xfailed.skipped


@pytest.mark.parametrize("ci", ["true", ""])
def test_without_postgresql_a_browser_test_fails_in_ci_and_the_summary_says_so(ci):
    """The real conftests, in a run of their own without PostgreSQL or Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_"))}
    # This run's static files are collected already: the run started here leaves them alone
    # rather than rewriting them under the other worker's servers (tests/conftest.py).
    if "PYTEST_XDIST_TESTRUNUID" in os.environ:
        env["PYTEST_XDIST_TESTRUNUID"] = os.environ["PYTEST_XDIST_TESTRUNUID"]
    env.pop("REDIS_URL", None)
    env.update({"CI": ci, "DEBUG": "1"})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rfs",
            "tests/e2e/test_browser_leaderboards.py::test_a_teacher_sees_the_class_board_with_aliases",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    out = result.stdout + result.stderr
    assert "end-to-end tests need PostgreSQL" in out, out
    assert "browser tests (Chromium): 0 ran (0 passed, 0 failed), 1 did not run" in out, out
    if ci:
        assert result.returncode == 1, out
        assert "CI=true, so this test may not be skipped" in out, out
    else:
        assert result.returncode == 0, out
        assert "1 skipped" in out, out
