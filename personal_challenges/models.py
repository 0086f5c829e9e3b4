"""Personal challenges: goals a student sets for themselves, private unless they share them.

Compared with the spec's PersonalChallenge sketch:
- the goal is structured (kind, target, the exercise or skill it is about, a daily amount)
  rather than free text, so progress can follow real events; the student's own words are
  kept as "why" and "how";
- progress is a small state folded by personal_challenges.rules (value, best, last day);
- "expired" is not stored: a challenge past its deadline and not completed is expired, which
  the database can tell from the deadline alone (nothing has to run at midnight);
- sharing is with the student's teachers only (no "friends"); the default is not shared;
- the reflection that follows a completion is a reflections.Reflection, linked once written.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules


class PersonalChallenge(models.Model):
    class Kind(models.TextChoices):
        BEAT_SCORE = rules.BEAT_SCORE, _("Beat my own score")
        LEARNING_STREAK = rules.LEARNING_STREAK, _("Keep a learning streak")
        MASTER_SKILL = rules.MASTER_SKILL, _("Master a skill")
        HELP_OTHERS = rules.HELP_OTHERS, _("Help classmates")
        ADVANCED_CONTENT = rules.ADVANCED_CONTENT, _("Take on advanced content")
        DAILY_PRACTICE = rules.DAILY_PRACTICE, _("Practise every day")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        SET_ASIDE = "set_aside", _("Set aside")

    class DailyUnit(models.TextChoices):
        QUESTIONS = rules.QUESTIONS, _("questions")
        MINUTES = rules.MINUTES, _("minutes")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_challenges",
        verbose_name=_("student"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    target = models.PositiveIntegerField(_("target"))
    exercise = models.ForeignKey(
        "mastery.Exercise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_challenges",
        verbose_name=_("exercise"),
    )
    skill = models.ForeignKey(
        "mastery.Skill",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_challenges",
        verbose_name=_("skill"),
    )
    daily_unit = models.CharField(_("daily unit"), max_length=10, choices=DailyUnit, blank=True)
    daily_goal = models.PositiveSmallIntegerField(_("daily amount"), default=0)
    baseline = models.IntegerField(
        _("starting point"),
        null=True,
        blank=True,
        help_text=_("The personal best or mastery the challenge started from."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    why = models.TextField(
        _("why this challenge"), blank=True, validators=[MaxLengthValidator(rules.TEXT_MAX)]
    )
    strategy = models.TextField(
        _("my strategy"), blank=True, validators=[MaxLengthValidator(rules.TEXT_MAX)]
    )
    shared_with_teachers = models.BooleanField(_("shared with my teachers"), default=False)

    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    progress = models.IntegerField(_("progress"), default=0)
    best_progress = models.IntegerField(_("furthest progress"), default=0)
    last_day = models.DateField(_("last day counted"), null=True, blank=True)
    day_total = models.PositiveIntegerField(_("amount on the last day"), default=0)

    created_at = models.DateTimeField(_("set at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Where the reflection invited by a completion points: the exercise practised at that
    # moment (and its pass), and the reflection once written.
    reflect_exercise = models.ForeignKey(
        "mastery.Exercise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exercise to reflect on"),
    )
    reflect_run = models.ForeignKey(
        "mastery.ExerciseRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pass to reflect on"),
    )
    reflection = models.ForeignKey(
        "reflections.Reflection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_challenges",
        verbose_name=_("reflection"),
    )

    class Meta:
        verbose_name = _("personal challenge")
        verbose_name_plural = _("personal challenges")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="personal_challenge_target"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False)
                | (~Q(status="completed") & Q(completed_at__isnull=True)),
                name="personal_challenge_completed_at",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=rules.EXERCISE_KINDS) | Q(exercise__isnull=False),
                name="personal_challenge_exercise",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=rules.SKILL_KINDS) | Q(skill__isnull=False),
                name="personal_challenge_skill",
            ),
            models.CheckConstraint(
                condition=~Q(kind=rules.DAILY_PRACTICE)
                | (Q(daily_unit__in=rules.DAILY_UNITS) & Q(daily_goal__gt=0)),
                name="personal_challenge_daily_goal",
            ),
        ]
        indexes = [models.Index(fields=["student", "status"])]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_kind_display()} · {self.target}"

    @property
    def goal(self) -> rules.Goal:
        return rules.Goal(
            kind=self.kind,
            target=self.target,
            exercise_id=self.exercise_id,
            skill_id=self.skill_id,
            daily_unit=self.daily_unit,
            daily_goal=self.daily_goal,
        )

    @property
    def state(self) -> rules.Progress:
        return rules.Progress(
            value=self.progress,
            best=self.best_progress,
            last_day=self.last_day,
            day_total=self.day_total,
        )

    def set_state(self, state: rules.Progress) -> None:
        self.progress = state.value
        self.best_progress = state.best
        self.last_day = state.last_day
        self.day_total = state.day_total

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED)
