from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerHelpConfig(AppConfig):
    name = "peerhelp"
    verbose_name = _("Peer help")
