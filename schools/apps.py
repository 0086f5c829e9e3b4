from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools")

    def ready(self) -> None:
        from . import time_zones  # noqa: F401 - remembers a person's school time zone at sign-in
