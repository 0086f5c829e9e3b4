from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MasteryConfig(AppConfig):
    name = "mastery"
    verbose_name = _("Skills and practice")
