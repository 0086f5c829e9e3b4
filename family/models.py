"""A parent's own settings here: the weekly email about their children."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FamilyPreference(models.Model):
    """No row: the weekly email is on (parents asked for news; one click turns it off)."""

    parent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="family_preference",
        verbose_name=_("parent"),
    )
    weekly_email = models.BooleanField(_("weekly email"), default=True)
    # The language the parent last used here: their weekly email is written in it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # When the last digest went out: a second run within the week sends nothing.
    last_digest_at = models.DateTimeField(_("last weekly email sent at"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("family preference")
        verbose_name_plural = _("family preferences")

    def __str__(self) -> str:
        return str(self.parent)
