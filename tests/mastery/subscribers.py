"""Subscribers for the follow-up tests: what they saw is kept in this process's memory, and
each writes a row in its own transaction (rolled back with it when it fails)."""

from jobs.models import PeriodicRun

SEEN: list[tuple[str, int]] = []
BROKEN: set[str] = set()


def _note(name: str, event) -> None:
    PeriodicRun.objects.create(task_path=f"{name}:{event.attempt_id}")
    if name in BROKEN:
        raise RuntimeError(f"{name} is broken")
    SEEN.append((name, event.attempt_id))


def first(event) -> None:
    _note("first", event)


def second(event) -> None:
    _note("second", event)


def third(event) -> None:
    _note("third", event)


ALL = [f"tests.mastery.subscribers.{name}" for name in ("first", "second", "third")]


def wrote(name: str) -> int:
    return PeriodicRun.objects.filter(task_path__startswith=f"{name}:").count()
