from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostApiConfig(AppConfig):
    name = "hostapi"
    verbose_name = _("Host platform API")
