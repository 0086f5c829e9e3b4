"""A student's reflective portfolio, teachers' feedback on it, and teachers' encouragement.

Compared with the spec's LearningReflection sketch:
- the subject is stored (copied from the exercise by the service) so visibility is one join;
- a reflection may name the pass (ExerciseRun) it follows, at most one reflection per pass;
- every prompt is optional, but at least one must be written (a database check as well);
- confidence is a 1-5 scale and difficulty 1-3, both optional (never a made-up default);
- encouragement is a preset code (shown in the reader's language) or the teacher's own words;
- who gave feedback and when, and when a teacher first read the reflection, are kept;
- all text has a length limit, checked in full_clean and by the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class Confidence(models.IntegerChoices):
    STILL_UNSURE = 1, _("Still unsure")
    A_LITTLE_UNSURE = 2, _("A little unsure")
    GETTING_THERE = 3, _("Getting there")
    FAIRLY_CONFIDENT = 4, _("Fairly confident")
    VERY_CONFIDENT = 5, _("Very confident")


class PerceivedDifficulty(models.IntegerChoices):
    COMFORTABLE = 1, _("Comfortable")
    GOOD_STRETCH = 2, _("A good stretch")
    REAL_CHALLENGE = 3, _("A real challenge")


class EncouragementPreset(models.TextChoices):
    """Warm, growth-minded words a teacher can pick; stored as a code, read in any language."""

    EFFORT = "effort", _("Your effort is really showing. Keep going!")
    STRATEGY = "strategy", _("I like how you worked that out: that strategy will serve you again.")
    MISTAKES = "mistakes", _("Mistakes are part of learning, and you learned from this one.")
    GROWTH = "growth", _("Look how much you have grown. I am proud of your progress!")
    NEXT_STEP = "next_step", _("You are ready for the next challenge. I believe in you!")
    THOUGHTFUL = "thoughtful", _("Thank you for such a thoughtful, honest reflection.")


REFLECTION_TEXT_FIELDS = (
    "what_i_learned",
    "what_was_challenging",
    "how_i_overcame_it",
    "what_next",
)


class Reflection(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("student"),
    )
    exercise = models.ForeignKey(
        "mastery.Exercise",
        on_delete=models.PROTECT,
        related_name="reflections",
        verbose_name=_("exercise"),
    )
    # Copied from the exercise's skill when written; decides which teachers may read it.
    subject = models.ForeignKey(
        "schools.Subject",
        on_delete=models.PROTECT,
        related_name="reflections",
        verbose_name=_("subject"),
    )
    run = models.ForeignKey(
        "mastery.ExerciseRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("exercise pass"),
    )

    what_i_learned = models.TextField(
        _("what I learned"),
        blank=True,
        validators=[MaxLengthValidator(rules.REFLECTION_TEXT_MAX)],
    )
    what_was_challenging = models.TextField(
        _("what was challenging"),
        blank=True,
        validators=[MaxLengthValidator(rules.REFLECTION_TEXT_MAX)],
    )
    how_i_overcame_it = models.TextField(
        _("how I overcame it"),
        blank=True,
        validators=[MaxLengthValidator(rules.REFLECTION_TEXT_MAX)],
    )
    what_next = models.TextField(
        _("what I want to learn next"),
        blank=True,
        validators=[MaxLengthValidator(rules.REFLECTION_TEXT_MAX)],
    )
    confidence_before = models.PositiveSmallIntegerField(
        _("confidence before"), choices=Confidence, null=True, blank=True
    )
    confidence_after = models.PositiveSmallIntegerField(
        _("confidence after"), choices=Confidence, null=True, blank=True
    )
    difficulty = models.PositiveSmallIntegerField(
        _("how it felt"), choices=PerceivedDifficulty, null=True, blank=True
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)
    # The student's choice, one click, off until they make it: their parents may read it too.
    shared_with_family = models.BooleanField(_("shared with my family"), default=False)

    # Teacher side.
    teacher_read_at = models.DateTimeField(_("first read by a teacher at"), null=True, blank=True)
    teacher_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first read by"),
    )
    feedback = models.TextField(
        _("teacher feedback"),
        blank=True,
        validators=[MaxLengthValidator(rules.FEEDBACK_TEXT_MAX)],
    )
    encouragement_preset = models.CharField(
        _("encouragement"), max_length=20, choices=EncouragementPreset, blank=True
    )
    encouragement_text = models.CharField(
        _("encouragement in the teacher's words"),
        max_length=rules.ENCOURAGEMENT_TEXT_MAX,
        blank=True,
    )
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflection_feedback_given",
        verbose_name=_("feedback by"),
    )
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["student", "-created_at"]),
            models.Index(fields=["subject", "teacher_read_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["run"],
                condition=models.Q(run__isnull=False),
                name="reflection_one_per_run",
                violation_error_code="already_reflected",
                violation_error_message=_("You already wrote a reflection for this pass."),
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    what_i_learned="", what_was_challenging="", how_i_overcame_it="", what_next=""
                ),
                name="reflection_has_text",
                violation_error_code="empty_reflection",
                violation_error_message=_("Write a few words in at least one of the boxes."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    confidence_before__gte=rules.CONFIDENCE_MIN,
                    confidence_before__lte=rules.CONFIDENCE_MAX,
                )
                | models.Q(confidence_before__isnull=True),
                name="reflection_confidence_before_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    confidence_after__gte=rules.CONFIDENCE_MIN,
                    confidence_after__lte=rules.CONFIDENCE_MAX,
                )
                | models.Q(confidence_after__isnull=True),
                name="reflection_confidence_after_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    difficulty__gte=rules.DIFFICULTY_MIN, difficulty__lte=rules.DIFFICULTY_MAX
                )
                | models.Q(difficulty__isnull=True),
                name="reflection_difficulty_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *(
                        LessThanOrEqual(Length(f), rules.REFLECTION_TEXT_MAX)
                        for f in REFLECTION_TEXT_FIELDS
                    ),
                    LessThanOrEqual(Length("feedback"), rules.FEEDBACK_TEXT_MAX),
                ),
                name="reflection_text_lengths",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.exercise} @ {self.created_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        for name in (*REFLECTION_TEXT_FIELDS, "feedback", "encouragement_text"):
            setattr(self, name, rules.clean_text(getattr(self, name)))
        errors: dict[str, ValidationError] = {}
        if (
            self.exercise_id
            and self.subject_id
            and self.exercise.skill.subject_id != self.subject_id
        ):
            errors["subject"] = ValidationError(
                _("The subject must be the exercise's subject."), code="subject"
            )
        if self.run is not None and (
            self.run.student_id != self.student_id or self.run.exercise_id != self.exercise_id
        ):
            errors["run"] = ValidationError(_("This pass belongs to another exercise."), code="run")
        if errors:
            raise ValidationError(errors)

    @property
    def has_feedback(self) -> bool:
        return bool(self.feedback or self.encouragement_preset or self.encouragement_text)

    @property
    def encouragement(self) -> str:
        """The suggested words in the reader's language, then the teacher's own, or either."""
        preset = self.get_encouragement_preset_display() if self.encouragement_preset else ""
        return " ".join(w for w in (preset, self.encouragement_text) if w)

    @property
    def confidence_change(self) -> int | None:
        return rules.confidence_change(self.confidence_before, self.confidence_after)


class ReflectionInvitationDismissal(models.Model):
    """The student said "not now" to reflecting on this pass: don't ask again for it."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflection_dismissals",
        verbose_name=_("student"),
    )
    run = models.ForeignKey(
        "mastery.ExerciseRun",
        on_delete=models.CASCADE,
        related_name="reflection_dismissals",
        verbose_name=_("exercise pass"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), default=timezone.now)

    class Meta:
        verbose_name = _("dismissed reflection invitation")
        verbose_name_plural = _("dismissed reflection invitations")
        constraints = [
            models.UniqueConstraint(fields=["student", "run"], name="reflection_dismissal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · run {self.run_id}"

    def clean(self) -> None:
        if self.run_id and self.student_id and self.run.student_id != self.student_id:
            raise ValidationError({"run": _("This pass belongs to another student.")})


class Encouragement(models.Model):
    """A short message from a teacher to one of their students, delivered live and kept."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="encouragements_sent",
        verbose_name=_("teacher"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="encouragements",
        verbose_name=_("student"),
    )
    preset = models.CharField(
        _("suggested words"), max_length=20, choices=EncouragementPreset, blank=True
    )
    text = models.CharField(_("own words"), max_length=rules.ENCOURAGEMENT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("encouragement")
        verbose_name_plural = _("encouragements")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["student", "-created_at"]),
            models.Index(fields=["teacher", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(preset="", text=""),
                name="encouragement_not_empty",
                violation_error_code="empty_encouragement",
                violation_error_message=_(
                    "Pick one of the suggestions or write a few words of your own."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} → {self.student} @ {self.created_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        self.text = rules.clean_text(self.text)

    @property
    def message(self) -> str:
        """The suggested words in the reader's language, then the teacher's own, or either."""
        preset = self.get_preset_display() if self.preset else ""
        return " ".join(w for w in (preset, self.text) if w)
