"""The daily retention clean-up (docs/privacy.md, "For how long"), as a django.tasks task run
by the worker's scheduler; also `manage.py privacy_cleanup`."""

from django.tasks import task

from .retention import retention_cleanup


@task
def privacy_cleanup() -> dict[str, int]:
    return retention_cleanup().removed
