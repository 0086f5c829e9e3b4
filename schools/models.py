from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Africa/Casablanca"


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("%(zone)s is not a time zone name (for example Africa/Casablanca)."),
            params={"zone": value},
            code="unknown_time_zone",
        )


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    external_ref = models.CharField(_("Madrasti 2.0 id"), max_length=64, blank=True)
    # Dates and clocks on the pages of the school's people read in its own zone.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Dates and times on this school's pages are shown in this zone."),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="school_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """A subject such as MATH101; its name is translated (see translation.py)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("name"), max_length=100)
    grade = models.CharField(_("grade"), max_length=20, help_text=_("Host grade code, e.g. TC"))
    academic_year = models.CharField(_("academic year"), max_length=9, default="2026-2027")
    external_ref = models.CharField(_("Madrasti 2.0 id"), max_length=64, blank=True)
    subjects = models.ManyToManyField(
        Subject, through="TeachingAssignment", related_name="classes", verbose_name=_("subjects")
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name", "academic_year"], name="class_unique_per_year"
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="class_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeachingAssignment(models.Model):
    """A teacher teaches a subject to a class."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        limit_choices_to={"role": "teacher"},
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="teaching_assignments"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="teaching_assignments"
    )

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_class", "subject"], name="teaching_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school_class} · {self.subject}"


class Enrollment(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        limit_choices_to={"role": "student"},
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="enrollments"
    )
    is_active = models.BooleanField(_("active"), default=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["student", "school_class"], name="enrollment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.school_class}"
