"""Who chose to appear on leaderboards, and how.

Compared with the spec's AnonymousLeaderboard / LeaderboardParticipation sketch:
- a board is not a row: it is computed on demand from its class, subject, metric and period,
  so there is no stored rank or score to go stale, and leaving takes effect at once;
- opting in is one row per student (no row: on no board, ever); deleting it is leaving;
- a participant may skip single metrics;
- aliases are not stored at all (see rules.aliases), so no table maps an alias to a student.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class Metric(models.TextChoices):
    IMPROVEMENT = rules.IMPROVEMENT, _("Most improved")
    MASTERY_GROWTH = rules.MASTERY_GROWTH, _("Mastery growth")
    CONSISTENCY = rules.CONSISTENCY, _("Consistency")
    PEER_HELP = rules.PEER_HELP, _("Peer help given")
    REFLECTION_QUALITY = rules.REFLECTION_QUALITY, _("Thoughtful reflections")


class Period(models.TextChoices):
    WEEKLY = rules.WEEKLY, _("Weekly")
    MONTHLY = rules.MONTHLY, _("Monthly")


class Participant(models.Model):
    student = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leaderboard_participant",
        verbose_name=_("student"),
    )
    show_name = models.BooleanField(
        _("show my name"),
        default=False,
        help_text=_("Off: shown as an alias such as “Student 417”."),
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("leaderboard participant")
        verbose_name_plural = _("leaderboard participants")

    def __str__(self) -> str:
        return str(self.student)


class SkippedMetric(models.Model):
    """A participant who takes part in leaderboards but not in this metric's boards."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="skipped_metrics",
        verbose_name=_("participant"),
    )
    metric = models.CharField(_("metric"), max_length=24, choices=Metric)

    class Meta:
        verbose_name = _("skipped leaderboard metric")
        verbose_name_plural = _("skipped leaderboard metrics")
        constraints = [
            models.UniqueConstraint(fields=["participant", "metric"], name="skipped_metric_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.metric}"


class ParticipationChange(models.Model):
    """A student joined or left the leaderboards, recorded per class they were in and kept
    without the student: a class's teachers see how many stepped back in a period (a sign of
    ranking anxiety, docs/teacher-metrics.md), never who."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        LEFT = "left", _("Left")

    school_class = models.ForeignKey(
        "schools.SchoolClass",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("class"),
    )
    kind = models.CharField(_("change"), max_length=8, choices=Kind)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("leaderboard participation change")
        verbose_name_plural = _("leaderboard participation changes")
        indexes = [models.Index(fields=["school_class", "at"])]

    def __str__(self) -> str:
        return f"{self.school_class_id} · {self.kind} @ {self.at:%Y-%m-%d}"
