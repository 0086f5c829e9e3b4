from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Study groups")

    def ready(self) -> None:
        from live.signals import presence_changed

        from . import receivers

        presence_changed.connect(receivers.on_presence_changed, dispatch_uid="groups-presence")
