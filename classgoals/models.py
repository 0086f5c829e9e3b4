"""Class collaborative goals and the milestones the class reaches together.

Compared with the spec's ClassCollaborativeGoal sketch:
- the measure (`current_value`, `population`) is a cache written only by
  services.class_goal_refresh from real data, so cards render without recomputing;
- "reached" is `reached_at`, set once under a row lock, and a milestone is one-to-one with
  its goal (a database constraint), so two events crossing the line together celebrate once;
- a goal may be limited to a subject or one skill; the mastery kinds need one of them;
- titles and the unlock are the teacher's own words, in one to three languages
  (translation.py); a reader without theirs sees another with a "written in" note.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import rules

TITLE_MAX = 120
DESCRIPTION_MAX = 500
UNLOCKS_MAX = 300


class ClassGoal(models.Model):
    class Kind(models.TextChoices):
        MASTERY_AVERAGE = rules.MASTERY_AVERAGE, _("Class average mastery (%)")
        MASTERED_SHARE = rules.MASTERED_SHARE, _("Share of the class who master it (%)")
        EXERCISES = rules.EXERCISES, _("Exercises completed as a class")
        HELP_SESSIONS = rules.HELP_SESSIONS, _("Peer help sessions")
        REFLECTIONS = rules.REFLECTIONS, _("Reflections shared")
        PARTICIPATION = (
            rules.PARTICIPATION,
            _("Participation: share of the class who practised (%)"),
        )

    school_class = models.ForeignKey(
        "schools.SchoolClass",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("class"),
    )
    subject = models.ForeignKey(
        "schools.Subject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="class_goals",
        verbose_name=_("subject"),
    )
    skill = models.ForeignKey(
        "mastery.Skill",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="class_goals",
        verbose_name=_("skill"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX)]
    )
    kind = models.CharField(_("kind of goal"), max_length=20, choices=Kind)
    target = models.PositiveIntegerField(_("target"))
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"))
    unlocks = models.TextField(
        _("what reaching it unlocks"), validators=[MaxLengthValidator(UNLOCKS_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="class_goals_set",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    current_value = models.PositiveIntegerField(_("current value"), default=0)
    population = models.PositiveIntegerField(_("students measured"), default=0)
    computed_at = models.DateTimeField(_("measured at"), null=True, blank=True)
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)

    class Meta:
        verbose_name = _("class goal")
        verbose_name_plural = _("class goals")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["school_class", "end_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1), name="classgoal_target_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="classgoal_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(rules.PERCENT_KINDS)) | Q(target__lte=100),
                name="classgoal_percent_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> rules.Progress:
        return rules.progress(
            kind=self.kind,
            value=self.current_value,
            population=self.population,
            target=self.target,
        )


class ClassMilestone(models.Model):
    """A goal the class reached together: created once, with the goal's words copied."""

    school_class = models.ForeignKey(
        "schools.SchoolClass",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("class"),
    )
    goal = models.OneToOneField(
        ClassGoal, on_delete=models.CASCADE, related_name="milestone", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    unlocked = models.TextField(_("unlocked"))
    value = models.PositiveIntegerField(_("value reached"))
    achieved_at = models.DateTimeField(_("achieved at"))

    class Meta:
        verbose_name = _("class milestone")
        verbose_name_plural = _("class milestones")
        ordering = ["-achieved_at"]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.title}"
