from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassGoalsConfig(AppConfig):
    name = "classgoals"
    verbose_name = _("Class goals")

    def ready(self) -> None:
        from project import signals

        from . import receivers

        signals.reflection_saved.connect(receivers.on_reflection_saved, dispatch_uid="classgoals")
        signals.help_session_completed.connect(
            receivers.on_help_session_completed, dispatch_uid="classgoals"
        )
        signals.student_erased.connect(receivers.on_student_erased, dispatch_uid="classgoals")
