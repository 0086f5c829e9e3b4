"""The challenges' periodic jobs (django.tasks), run by the worker's scheduler; each is
also a management command and safe to run on two workers at once."""

from django.tasks import task

from . import services


@task
def expire_challenges() -> int:
    """Close invitations nobody answered and accepted matches nobody started in time."""
    return services.challenges_expire()


@task
def finish_abandoned_challenges() -> int:
    """Finish running matches that both players left (rules.is_abandoned)."""
    return services.challenges_finish_abandoned()
