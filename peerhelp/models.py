"""Peer help: a student asks classmates for help on a skill, one helper takes it, they chat.

Every chat line is stored here before it is broadcast; teachers of the class can read all of
it. Recognition of helpers is computed from these rows (`rules.py`), never stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules


class HelperAvailability(models.Model):
    """A student's one-click "I'm happy to help" setting; absent means not offered."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="helper_availability",
    )
    is_available = models.BooleanField(_("happy to help"), default=False)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("helper availability")
        verbose_name_plural = _("helper availabilities")

    def __str__(self) -> str:
        return f"{self.student}: {'yes' if self.is_available else 'no'}"


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a helper")
        ACCEPTED = "accepted", _("Helping now")
        COMPLETED = "completed", _("Done")
        CANCELLED = "cancelled", _("Withdrawn")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_requests"
    )
    school_class = models.ForeignKey(
        "schools.SchoolClass", on_delete=models.CASCADE, related_name="help_requests"
    )
    skill = models.ForeignKey(
        "mastery.Skill", on_delete=models.CASCADE, related_name="help_requests"
    )
    topic = models.CharField(_("topic"), max_length=rules.TOPIC_MAX_CHARS)
    question = models.TextField(_("question"), max_length=rules.QUESTION_MAX_CHARS)
    # The classmate asked in particular; empty = open to any suggested helper.
    asked_helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests_addressed",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_sessions_given",
    )
    created_at = models.DateTimeField(_("asked at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The wrap-up: the helped student's rating and thanks; what each of them learned.
    rating = models.PositiveSmallIntegerField(
        _("helpfulness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(rules.RATING_MIN), MaxValueValidator(rules.RATING_MAX)],
    )
    thank_you = models.TextField(_("thank-you message"), blank=True)
    requester_learned = models.TextField(_("what the helped student learned"), blank=True)
    helper_learned = models.TextField(_("what the helper learned"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_sessions_acknowledged",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["helper", "status"], name="helprequest_helper_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("helper")), name="helprequest_not_self"
            ),
            # A taken request was accepted at a known time; an open one names no helper. (A
            # taken one may lose its helper later: deleting a pupil's account sets it null.)
            models.CheckConstraint(
                condition=(
                    Q(status__in=["accepted", "completed"], accepted_at__isnull=False)
                    | Q(status__in=["open", "cancelled"], helper__isnull=True)
                ),
                name="helprequest_taken_when_accepted",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=rules.RATING_MIN, rating__lte=rules.RATING_MAX),
                name="helprequest_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} · {self.topic} ({self.status})"

    @property
    def participant_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk in (self.requester_id, self.helper_id) if pk)


class HelpMessage(models.Model):
    """One chat line, append-only; stored before anyone is sent it."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_messages"
    )
    text = models.TextField(_("message"), max_length=rules.MESSAGE_MAX_CHARS)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("help chat message")
        verbose_name_plural = _("help chat messages")
        ordering = ["request", "pk"]

    def __str__(self) -> str:
        return f"{self.author} in {self.request_id}: {self.text[:40]}"
