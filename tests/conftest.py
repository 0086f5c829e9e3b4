import pytest
from django.conf import settings
from django.utils import translation

from tests.ci import in_ci
from tests.factories import build_world
from tests.static_files import collect_static


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request served in Arabic by an earlier
    test leaves Arabic active on the thread (LocaleMiddleware activates, nothing resets)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages link hashed static names, as in production: collect them fresh for each run.

    Once per run: with two workers (tests/parallel.py) the first collects while the other
    waits on the lock, then finds the run's mark and leaves the files alone (collecting
    again rewrites the manifest under the first worker's servers)."""
    collect_static(once_per_run=True)


@pytest.fixture(scope="session", autouse=True)
def _live_strict():
    """Every published event is checked against its type, and the lock order is enforced."""
    settings.LIVE_STRICT = True


@pytest.fixture
def test_events():
    """Rooms of kind `test` (`test.<anything>`) with events of type `t`, `a`, `b`,
    `test.event` (also on a user's own channel), any fields, and `presence`: for tests of the
    room log and presence themselves, not of a feature's events."""
    from pydantic import ConfigDict

    from live.events_schema import Presence, RoomSchema, ServerEvent, rooms

    def loose(name: str) -> type[ServerEvent]:
        attrs = {"type": name, "model_config": ConfigDict(extra="allow", strict=True)}
        return type(f"Test_{name}", (ServerEvent,), attrs)

    events = {name: loose(name) for name in ("t", "a", "b", "test.event")}
    room = RoomSchema(kind="test", events={**events, "presence": Presence})
    # Its own patcher: a test's `monkeypatch.undo()` must not take these away.
    with pytest.MonkeyPatch.context() as patch:
        # `test.<id>`, and the bare names of tests/live/test_history.py's rooms.
        for kind in ("test", "busy", "quiet", "room"):
            patch.setitem(rooms(), kind, room)
        patch.setitem(rooms()["user"].events, "test.event", events["test.event"])
        patch.setitem(rooms()["user"].events, "t", events["t"])
        yield


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Question content is cached per process (mastery/content.py); ids come back after the
    database is rolled back between tests, so no test may see another's questions."""
    from mastery import content

    content.clear()


@pytest.fixture(autouse=True)
def _empty_presence():
    """Presence lives in Redis, which the database flush between tests does not reach."""
    from live.presence_store import get_store, reset_store

    reset_store()
    get_store().clear()
    yield


@pytest.fixture
def world(db):
    return build_world()


# --- browser tests: counted, so a green run says how many really drove Chromium ----------

_BROWSER_FIXTURES = {"chromium", "chromium_path"}
_SERIAL = "e2e"  # tests/e2e/: real servers and browsers
_browser_outcomes = pytest.StashKey[dict[str, int]]()


def _is_browser_test(item) -> bool:
    return item.path.name.startswith("test_browser_") or bool(
        _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


_config: pytest.Config


def pytest_configure(config):
    global _config  # logreport hooks receive no config
    _config = config
    config.stash[_browser_outcomes] = {"passed": 0, "failed": 0, "not_run": 0}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
        if _SERIAL in item.path.parts:
            # One worker runs them all, in turn (tests/parallel.py).
            item.add_marker(pytest.mark.xdist_group("e2e"))


def pytest_runtest_logreport(report):
    """Read after every hook made the report (in CI a skip has become a failure by then)."""
    if "browser" not in report.keywords:
        return
    counts = _config.stash[_browser_outcomes]
    if report.when == "call":
        counts["passed" if report.passed else "failed"] += 1
    elif report.when == "setup" and not report.passed:
        counts["not_run"] += 1  # skipped, or (in CI) failed for a missing browser or service


def pytest_terminal_summary(terminalreporter, config):
    counts = config.stash[_browser_outcomes]
    ran = counts["passed"] + counts["failed"]
    terminalreporter.write_sep(
        "-",
        f"browser tests (Chromium): {ran} ran ({counts['passed']} passed, "
        f"{counts['failed']} failed), {counts['not_run']} did not run"
        + (" (CI=true: not running is a failure)" if in_ci() else ""),
    )
