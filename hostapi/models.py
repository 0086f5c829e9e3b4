import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """A platform allowed to report attempts (e.g. Madrasti 2.0's homework app).

    Only the token's SHA-256 is stored; the token itself is shown once, when issued.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_token() -> str:
        return "mg_" + secrets.token_urlsafe(32)


class HandoffRedemption(models.Model):
    """A hand-off token that was exchanged for a session: its `jti` can never be used again.

    Rows are kept until the token expires (after that the signature check refuses it anyway).
    """

    jti = models.CharField(_("token id"), max_length=255, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handoffs"
    )
    redeemed_at = models.DateTimeField(_("redeemed at"))
    expires_at = models.DateTimeField(_("token expires at"), db_index=True)

    class Meta:
        verbose_name = _("sign-in hand-off")
        verbose_name_plural = _("sign-in hand-offs")

    def __str__(self) -> str:
        return f"{self.user} @ {self.redeemed_at:%Y-%m-%d %H:%M}"
