"""Growth follows each new attempt like every other app (settings.ATTEMPT_RECORDED_SUBSCRIBERS)."""

from mastery.events import AttemptRecorded

from . import services


def on_attempt(event: AttemptRecorded) -> None:
    services.growth_after_attempt(event=event)
