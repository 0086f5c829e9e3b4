"""Progress follows real events: domain signals sent inside the sender's transaction, so a
challenge's progress commits (and its celebration is sent) with the event that caused it.
Attempts are followed up by a task instead (subscribers.py)."""

from django.dispatch import receiver

from project.signals import help_session_completed, reflection_saved

from . import services


@receiver(help_session_completed, dispatch_uid="personal_challenges.help")
def on_help_session_completed(sender, *, session, **kwargs):
    if session.helper_id is not None:
        services.personal_challenge_progress_update(
            student_id=session.helper_id, help_session=session
        )


@receiver(reflection_saved, dispatch_uid="personal_challenges.reflection")
def on_reflection_saved(sender, *, reflection, created, **kwargs):
    if created:
        services.personal_challenge_reflection_link(reflection=reflection)
