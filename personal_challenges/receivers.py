"""Progress follows real events: domain signals sent inside the sender's transaction, so a
challenge's progress commits (and its celebration is sent) with the event that caused it."""

from django.dispatch import receiver

from project.signals import attempt_recorded, help_session_completed, reflection_saved

from . import services


@receiver(attempt_recorded, dispatch_uid="personal_challenges.attempt")
def on_attempt_recorded(sender, *, student, outcome, **kwargs):
    services.personal_challenge_progress_update(student=student, outcome=outcome)


@receiver(help_session_completed, dispatch_uid="personal_challenges.help")
def on_help_session_completed(sender, *, session, **kwargs):
    if session.helper_id is not None:
        services.personal_challenge_progress_update(student=session.helper, help_session=session)


@receiver(reflection_saved, dispatch_uid="personal_challenges.reflection")
def on_reflection_saved(sender, *, reflection, created, **kwargs):
    if created:
        services.personal_challenge_reflection_link(reflection=reflection)
