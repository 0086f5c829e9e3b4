"""The parents' weekly email as a task the worker's scheduler runs daily (settings
PERIODIC_TASKS): a parent gets at most one every six days, so a daily run is enough and a
missed day costs nothing. Without email set up it sends nothing and says so."""

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from .services import family_digests_send


@task
def send_family_digest() -> dict[str, int | str]:
    if not settings.EMAIL_ENABLED:
        return {"skipped": "email is not set up (EMAIL_URL)"}
    sent, quiet = family_digests_send(now=timezone.now())
    return {"sent": sent, "quiet": quiet}
