"""The record of each erasure: who, when, how much; nothing about the student."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    erased_at = models.DateTimeField(_("erased at"), db_index=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    # The anonymous account the learning record moved to (no name, no email, no sign-in).
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("anonymous stand-in"),
    )
    # {"mastery.Attempt.student": {"anonymised": 120}, ...}: rows, never their content.
    counts = models.JSONField(_("rows deleted and anonymised"), default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d %H:%M}"
