from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Madrasti Growth; the role mirrors the host platform's roles."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")
        ADMIN = "admin", _("School administrator")

    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.STUDENT)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    external_ref = models.CharField(
        _("Madrasti 2.0 user id"),
        max_length=64,
        blank=True,
        help_text=_("Set by sign-in with Madrasti 2.0 and by roster sync."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # The host platform identifies people by email, so one email means one person.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="user_external_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER
