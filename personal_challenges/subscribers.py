"""Personal challenges follow each new attempt (settings.ATTEMPT_RECORDED_SUBSCRIBERS)."""

from mastery.events import AttemptRecorded

from . import services


def on_attempt(event: AttemptRecorded) -> None:
    services.personal_challenge_progress_update(student_id=event.student_id, attempt=event)
