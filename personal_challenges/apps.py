from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalChallengesConfig(AppConfig):
    name = "personal_challenges"
    verbose_name = _("Personal challenges")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
