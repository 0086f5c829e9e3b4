"""Personal bests, learning moments (effort and strategy recognition) and rushing flags.

Everything here is derived from the attempt log by growth.rules.step, live after each attempt
or in bulk by growth.services.growth_rebuild_for_students. Rows store kinds and numbers, never
rendered sentences: the templates word them in the reader's language.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class PersonalBest(models.Model):
    """One record on a metric: a baseline (previous_value empty) or a new best, with the best
    it beat. A history: a new record adds a row, the older rows stay."""

    class Metric(models.TextChoices):
        EXERCISE_SCORE = rules.EXERCISE_SCORE, _("Exercise score")
        ACCURACY_RATE = rules.ACCURACY_RATE, _("Accuracy rate")
        STREAK_LENGTH = rules.STREAK_LENGTH, _("Learning streak")
        CONCEPTS_MASTERED_WEEK = rules.CONCEPTS_MASTERED_WEEK, _("Concepts mastered in a week")
        IMPROVEMENT_RATE = rules.IMPROVEMENT_RATE, _("Mastery gained in a week")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_bests"
    )
    metric = models.CharField(_("metric"), max_length=32, choices=Metric)
    period = models.CharField(
        _("period"),
        max_length=32,
        help_text=_("The pass, day, streak or ISO week the record belongs to."),
    )
    value = models.IntegerField(_("value"))
    previous_value = models.IntegerField(
        _("previous best"), null=True, blank=True, help_text=_("Empty for a baseline.")
    )
    exercise = models.ForeignKey(
        "mastery.Exercise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_bests",
        verbose_name=_("exercise"),
    )
    skill = models.ForeignKey(
        "mastery.Skill",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_bests",
        verbose_name=_("skill"),
    )
    achieved_at = models.DateTimeField(_("achieved at"))
    updated_at = models.DateTimeField(_("last raised at"))
    celebrated_at = models.DateTimeField(
        _("celebrated at"),
        null=True,
        blank=True,
        help_text=_("When the live celebration was sent (once per record)."),
    )

    class Meta:
        verbose_name = _("personal best")
        verbose_name_plural = _("personal bests")
        ordering = ["-achieved_at"]
        constraints = [
            # One row per period: the same record can never be inserted (and celebrated) twice.
            models.UniqueConstraint(
                fields=["student", "metric", "exercise", "period"],
                condition=models.Q(exercise__isnull=False),
                name="personal_best_once_per_exercise_period",
            ),
            models.UniqueConstraint(
                fields=["student", "metric", "period"],
                condition=models.Q(exercise__isnull=True),
                name="personal_best_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(previous_value__isnull=True)
                | models.Q(value__gt=models.F("previous_value")),
                name="personal_best_beats_previous",
            ),
        ]
        indexes = [
            models.Index(fields=["student", "metric", "exercise", "-value"]),
            models.Index(fields=["student", "-achieved_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_metric_display()} {self.value}"

    @property
    def is_baseline(self) -> bool:
        return self.previous_value is None

    @property
    def improvement(self) -> int | None:
        return None if self.previous_value is None else self.value - self.previous_value


class Recognition(models.Model):
    """A learning moment: what the student did, recognised from their attempts. The wording
    (what they did, what it shows, a growth message) lives in the templates, keyed by kind."""

    class Kind(models.TextChoices):
        SELF_CORRECTION = rules.SELF_CORRECTION, _("Self-correction")
        PERSISTENCE = rules.PERSISTENCE, _("Persistence")
        DEEP_THINKING = rules.DEEP_THINKING, _("Deep thinking")
        PRACTICED_REGULARLY = rules.PRACTICED_REGULARLY, _("Regular practice")
        FACED_CHALLENGE = rules.FACED_CHALLENGE, _("Tackled a challenge")
        IMPROVED_STRATEGY = rules.IMPROVED_STRATEGY, _("Improved strategy")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognitions"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind)
    exercise = models.ForeignKey(
        "mastery.Exercise",
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("exercise"),
    )
    skill = models.ForeignKey(
        "mastery.Skill",
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("skill"),
    )
    question = models.ForeignKey(
        "mastery.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognitions",
        verbose_name=_("question"),
    )
    params = models.JSONField(_("details"), default=dict, blank=True)
    achieved_at = models.DateTimeField(_("achieved at"))
    is_private = models.BooleanField(
        _("private"), default=True, help_text=_("Never shown to classmates.")
    )
    shared_with_teacher = models.BooleanField(_("shared with teachers"), default=True)

    class Meta:
        verbose_name = _("learning moment")
        verbose_name_plural = _("learning moments")
        ordering = ["-achieved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "kind", "exercise"], name="recognition_once_per_exercise"
            ),
        ]
        indexes = [models.Index(fields=["student", "-achieved_at"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_kind_display()} · {self.exercise_id}"


class RushingFlag(models.Model):
    """A day on which a student answered fast and mostly wrong (see rules: rushing). Shown to
    their teachers with a suggestion; the rushed answers earned nothing."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rushing_flags"
    )
    day = models.DateField(_("day"))
    answers = models.PositiveIntegerField(_("rushed answers"))
    wrong = models.PositiveIntegerField(_("of which not yet right"))
    first_at = models.DateTimeField(_("first rushed answer"))
    last_at = models.DateTimeField(_("last rushed answer"))

    class Meta:
        verbose_name = _("rushing flag")
        verbose_name_plural = _("rushing flags")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["student", "day"], name="rushing_flag_daily"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.day}"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class GrowthState(models.Model):
    """What growth.rules.step remembers about a student between attempts. Locked per attempt,
    which serialises a student's records and recognitions; rebuilt by the bulk rebuild."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="growth_state",
    )
    first_tries = models.CharField(_("latest first tries"), max_length=64, blank=True)
    streak_days = models.PositiveIntegerField(_("current streak (days)"), default=0)
    streak_start = models.DateField(_("streak started"), null=True, blank=True)
    last_practice_day = models.DateField(_("last practice day"), null=True, blank=True)
    week_start = models.DateField(_("week"), null=True, blank=True)
    week_gain = models.IntegerField(_("mastery gained this week"), default=0)
    recognition_day = models.DateField(null=True, blank=True)
    recognitions_today = models.PositiveSmallIntegerField(default=0)
    # The rest of rules.GrowthState: short lists and the standing bests.
    memory = models.JSONField(_("working memory"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("growth state")
        verbose_name_plural = _("growth states")

    def __str__(self) -> str:
        return str(self.student)

    @property
    def state(self) -> rules.GrowthState:
        m = self.memory or {}
        return rules.GrowthState(
            first_tries=self.first_tries,
            first_try_times=tuple(m.get("times", ())),
            fast_answers=tuple((t, ok) for t, ok in m.get("fast", ())),
            rush_counted_until=m.get("rush_until", 0),
            rush_day=_day(m.get("rush_day")),
            rush_answers=m.get("rush_answers", 0),
            rush_wrong=m.get("rush_wrong", 0),
            rush_first_at=_moment(m.get("rush_first_at")),
            streak_days=self.streak_days,
            streak_start=self.streak_start,
            last_practice_day=self.last_practice_day,
            week_start=self.week_start,
            week_skills=tuple(m.get("week_skills", ())),
            week_gain=self.week_gain,
            standings={
                metric: rules.Standing(*values) for metric, values in m.get("bests", {}).items()
            },
            recognition_day=self.recognition_day,
            recognitions_today=self.recognitions_today,
        )

    def set_state(self, state: rules.GrowthState) -> None:
        self.first_tries = state.first_tries
        self.streak_days = state.streak_days
        self.streak_start = state.streak_start
        self.last_practice_day = state.last_practice_day
        self.week_start = state.week_start
        self.week_gain = state.week_gain
        self.recognition_day = state.recognition_day
        self.recognitions_today = state.recognitions_today
        self.memory = {
            "times": list(state.first_try_times),
            "fast": [[t, ok] for t, ok in state.fast_answers],
            "rush_until": state.rush_counted_until,
            "rush_day": state.rush_day and state.rush_day.isoformat(),
            "rush_answers": state.rush_answers,
            "rush_wrong": state.rush_wrong,
            "rush_first_at": state.rush_first_at and state.rush_first_at.isoformat(),
            "week_skills": list(state.week_skills),
            "bests": {m: [s.best, s.period, s.beaten] for m, s in sorted(state.standings.items())},
        }
