"""Tasks for the jobs tests: what they did is kept in this process's memory."""

from django.tasks import task

CALLS: list[str] = []


@task
def tick() -> None:
    CALLS.append("tick")


@task
def echo(*, word: str) -> str:
    CALLS.append(word)
    return word


not_a_task = object()


def remember(event) -> None:
    from jobs.models import PeriodicRun

    # A row written in the subscriber's transaction: rolled back with it on failure.
    PeriodicRun.objects.create(task_path=f"remember:{event}")
    CALLS.append(f"remember {event}")


def fail_once_then_remember(event) -> None:
    from jobs.models import PeriodicRun

    PeriodicRun.objects.create(task_path=f"half-done:{event}")
    if f"failed {event}" not in CALLS:
        CALLS.append(f"failed {event}")
        raise RuntimeError("a subscriber's bad moment")
    CALLS.append(f"second try {event}")
